"""Where a person stands, from their rows as read: whether they should sign the Member/Officer
Relations Protocol and have (seed 003, South Ribble, 2.2: every Member, every tier 1-4 officer,
and any officer whose post is politically restricted), their training, and whether they are
restricted as a vexatious complainant. casework.people.protocol and .restrictions record these;
nothing here reads a database."""

from datetime import date

TIERS = (1, 2, 3, 4)


def should_sign(kind: str, tier: int | None, politically_restricted: bool) -> bool:
    return kind == "member" or tier in TIERS or bool(politically_restricted)


def standing_from(people, training) -> dict[int, dict]:
    """standing, from the people's rows and the rows of training_of them."""
    courses: dict[int, list[dict]] = {p.id: [] for p in people}
    for pid, course, completed in training:
        courses[pid].append({"course": course, "completed": completed.isoformat()})
    out = {}
    for p in people:
        required = should_sign(p.kind, p.tier, p.politically_restricted)
        out[p.id] = {
            "protocol_signed": p.protocol_signed.isoformat() if p.protocol_signed else None,
            "should_sign": required,
            "training": courses[p.id],
        }
        out[p.id]["protocol"] = words(out[p.id])
        out[p.id]["protocol_missing"] = required and p.protocol_signed is None
    return out


def signature(st: dict) -> str:
    """The protocol column of the register: "signed 2025-05-12", "not signed" where they
    should have, "need not sign" where nothing asks them to."""
    if st["protocol_signed"]:
        return f"signed {st['protocol_signed']}"
    return "not signed" if st["should_sign"] else "need not sign"


def words(st: dict) -> str:
    """One line for a party: "signed the protocol 2025-05-12 · training: Member/Officer
    protocol 2025-06-01", or that they have not signed where they should have."""
    if st["protocol_signed"]:
        signed = f"signed the protocol {st['protocol_signed']}"
    elif st["should_sign"]:
        signed = "has not signed the protocol"
    else:
        signed = "not required to sign the protocol"
    done = st["training"]
    if not done:
        return f"{signed} · training: none"
    more = f" (+{len(done) - 1} more)" if len(done) > 1 else ""
    return f"{signed} · training: {done[0]['course']} {done[0]['completed']}{more}"


def restricted(until: date | None, today: date) -> bool:
    return until is not None and until >= today
