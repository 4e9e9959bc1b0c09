"""The case screen's head: the parties, how the complaint was assessed, who else is in it,
assembled into the one head the screen shows; and how its papers and sanctions read in their
rows."""

from rich.text import Text

from casework.clock import council_time
from tui.screens.measures import measures_head
from tui.text import cut


def marks(doc: dict) -> str:
    if doc.get("redacts"):
        return f" [redacted copy of #{doc['redacts']}]"
    if doc["exemption"]:
        return f" [exempt, para {doc['exemption']}]"
    return " [confidential]" if doc["confidential"] else ""


def sanction_row(s: dict) -> tuple:
    """#, what (and until when), due, settled, the details begun, recorded (day and who): cut
    so the details are in sight beside the events at 160 columns; Enter reads it all."""
    until = f" until {s['until']}" + (" (lapsed)" if s["lapsed"] else "") if s["until"] else ""
    settled = s["complied"] or (f"not complied: {s['not_complied']}" if s["not_complied"] else "open")
    return (str(s["id"]), cut(s["title"], 28) + until, s["due"] or "–", cut(settled, 20),
            cut(" ".join(s["detail"].split()), 32) or "–",
            f"{council_time(s['recorded_at'])[:10]} {s['recorded_by'] or ''}".rstrip())


def others(c: dict) -> str:
    """Who else is in the case: witnesses, earlier advisers, the panels."""
    if not c["involved"]:
        return ""
    return "\nAlso in the case: " + " · ".join(f"{r['name']} ({r['capacity_title']})"
                                              for r in c["involved"])


def party(label: str, p: dict, colours: dict[str, str]) -> tuple:
    """A party and where they stand on the protocol; not having signed it is marked, in the
    theme's `colours` (tui.colours: error, warning)."""
    left = (f"left office {p['left_office']} · ", "bold") if p.get("left_office") else ""
    vexatious = ((f"restricted as vexatious until {p['restricted_until']} · ", f"bold {colours['error']}")
                 if p.get("restricted_until") else "")
    return (f"{label} {p['name']}  ", left, vexatious,
            (p["protocol"], f"bold {colours['warning']}" if p["protocol_missing"] else "dim"), "\n")


ASSESSED = {"code": "code of conduct", "protocol": "protocol only", "outside": "outside the remit",
            "low-level": "low-level, for local resolution"}
CHOSE = {"protocol": "officer chose the protocol", "grievance": "officer chose grievance"}


def assessed(c: dict) -> tuple:
    """A complaint about a Member, as assessed: a word on the stage line."""
    if c["route"] != "member":
        return ("", "")
    words = [ASSESSED[c["classification"]] if c["classification"] else "not classified"]
    if c["anonymity"]:
        words.append(f"anonymity {c['anonymity']}")
    if c["complainant"]["kind"] == "officer":
        words.append(CHOSE.get(c["complainant_choice"], "officer's choice not recorded"))
    return (f"   [{' · '.join(words)}]", "dim")


def unsent_head(c: dict, error: str) -> tuple:
    """Letters that were to be emailed and were not, in the theme's `error` colour, each with why."""
    return tuple(part for u in c["unsent_letters"]
                 for part in ("\n", (f"Letter not sent: {u['kind']} to the {u['to']} ({u['reason']})",
                                     f"bold {error}")))


def case_head(c: dict, marked: dict[str, str]) -> Text:
    """The case's head: reference, parties, clause, stage and what is late or missing, in the
    theme's colours (`marked`: error, warning, accent)."""
    paused = f" (from {c['paused_from_title']})" if c["paused_from_title"] else ""
    word = "review" if c["paused_from_title"] else "due"
    due = paused + (f" · {word} {c['next_due']}" if c["next_due"] else "")
    late = Text(" OVERDUE", style=f"bold {marked['error']}") if c["overdue"] else ""
    return Text.assemble(
        (c["ref"], "bold"), f"  complaint {c['route_title']}",
        (" RESTRICTED" if c["confidential"] else "", f"bold {marked['accent']}"), "\n",
        *party("Complainant", c["complainant"], marked), *party("Subject    ", c["subject"], marked),
        f"Clause {c['clause']} {c['clause_title']}   Received {c['received']}   "
        f"Handler {c['handler'] or '–'}"
        + (f"   Assigned {', '.join(c['assigned'])}" if c["assigned"] else "") + "\n",
        ("Stage ", "dim"), (c["stage"], "bold"), f" since {c['stage_entered']}{due}", late,
        assessed(c), others(c), *measures_head(c, marked["error"]), *unsent_head(c, marked["error"]),
    )
