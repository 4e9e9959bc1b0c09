"""A small trail built through the services, and raw-SQL tampering with it, for the tests of
one case's verification and of seals.

The three cases change in turn, so each case's events sit between the other two's: a check
of one case then has to find a removed or altered event without a neighbour of its own.
"""

from helpers import populated_workspace
from sqlalchemy import text

from casework.audit import chain as audit
from casework.cases.advance import advance
from casework.cases.opening import assign, open_case
from casework.cases.papers import annotate

A, B, C = "MOP-2026-0001", "MOP-2026-0002", "MOP-2026-0003"


def build(url: str):
    """Events 1-12 register the council; then A, B, C take turns: A has #13, #16, #19, #22,
    B #14, #17, #20, #23 and C #15, #18, #21, #24."""
    ws = populated_workspace(url)
    refs = [
        open_case(ws, "mo", about="Cllr Ann Jones", by="Bob Smith", clause="21.9.3",
                  summary="Shouted at an officer after planning committee", received="2026-11-02"),
        open_case(ws, "mo", about="Cllr Tom Price", by="Olive Manager", clause="21.9.3",
                  summary="Copied an officer's private email to the press", received="2026-11-03"),
        open_case(ws, "hr", about="Olive Manager", by="Cllr Ann Jones", clause="21.9.3",
                  summary="Refused to brief the ward member", received="2026-11-04"),
    ]
    assert refs == [A, B, C]
    advance(ws, A, "refer_to_monitoring_officer", "mo")
    advance(ws, B, "consult_head_of_service", "mo")
    assign(ws, C, "hr", "mo")
    for round_ in ("first", "second"):
        for ref in refs:
            annotate(ws, ref, f"The {round_} note on {ref}", "mo")
    return ws


def notes_round(ws, word: str) -> None:
    for ref in (A, B, C):
        annotate(ws, ref, f"{word} note on {ref}", "mo")


def sql(ws, statement: str, **params) -> None:
    with ws.engine.begin() as conn:
        conn.execute(text(statement), params)


def scalar(ws, statement: str, **params):
    with ws.engine.connect() as conn:
        return conn.execute(text(statement), params).scalar_one()


def event(ws, seq: int) -> dict:
    with ws.engine.connect() as conn:
        return dict(conn.execute(text("SELECT * FROM audit_event WHERE seq = :s"), {"s": seq})
                    .mappings().one())


def seqs_of(ws, ref: str) -> list[int]:
    with ws.engine.connect() as conn:
        return list(conn.execute(text("SELECT seq FROM audit_event WHERE case_ref = :r "
                                      "ORDER BY seq"), {"r": ref}).scalars())


def rehash(ws, seq: int) -> None:
    """Gives event `seq` a correct hash of its own (for its fields and the prev it claims),
    as a forger covering an alteration would, leaving every later link as it was."""
    e = event(ws, seq)
    digest = audit.event_hash(seq, e["at"], e["actor"], e["action"], e["case_ref"],
                              e["from_state"], e["to_state"], e["data"], e["prev_hash"])
    sql(ws, "UPDATE audit_event SET hash = :h WHERE seq = :s", h=digest, s=seq)


def rewrite_from(ws, first: int) -> None:
    """Re-computes every link from `first` to the end and moves the head to match: after an
    alteration, the whole chain verifies again. Only a seal held elsewhere shows it."""
    with ws.engine.begin() as conn:
        rows = conn.execute(text("SELECT * FROM audit_event WHERE seq >= :f ORDER BY seq"),
                            {"f": first}).mappings().all()
        prev = (audit.GENESIS if first == 1 else conn.execute(
            text("SELECT hash FROM audit_event WHERE seq = :s"), {"s": first - 1}).scalar_one())
        for e in rows:
            digest = audit.event_hash(e["seq"], e["at"], e["actor"], e["action"], e["case_ref"],
                                      e["from_state"], e["to_state"], e["data"], prev)
            conn.execute(text("UPDATE audit_event SET prev_hash = :p, hash = :h WHERE seq = :s"),
                         {"p": prev, "h": digest, "s": e["seq"]})
            prev = digest
        conn.execute(text("UPDATE audit_head SET seq = :s, hash = :h WHERE id = 1"),
                     {"s": rows[-1]["seq"], "h": prev})
