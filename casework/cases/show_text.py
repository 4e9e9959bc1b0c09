"""`casework show` for people: the case on one screen of text."""

from casework.profile.deadlines import verdict
from casework.workflow.papers import note_mark


def render(c: dict) -> str:
    out = [
        f"{c['ref']}  complaint {c['route_title']}{'  [RESTRICTED]' if c['confidential'] else ''}",
        f"  complainant  {c['complainant']['name']} ({c['complainant']['kind']})"
        + (f"  RESTRICTED as a vexatious complainant until {c['complainant']['restricted_until']}"
           if c["complainant"]["restricted_until"] else ""),
        f"               {c['complainant']['protocol']}",
        f"  subject      {c['subject']['name']} ({c['subject']['kind']})"
        + (f", left office {c['subject']['left_office']}" if c["subject"]["left_office"] else ""),
        f"               {c['subject']['protocol']}",
        f"  clause       {c['clause']} {c['clause_title']}",
        f"  received     {c['received']}",
        f"  stage        {c['stage']} since {c['stage_entered']}"
        + (f" (from {c['paused_from_title']})" if c["paused_from_title"] else "")
        + (f", {'review' if c['paused_from_title'] else 'due'} {c['next_due']}" if c["next_due"] else "")
        + ("  OVERDUE" if c["overdue"] else ""),
        *assessment_lines(c),
        *[f"  {'also' if i else 'involved':<12} {r['name']}, {r['capacity_title']}"
          for i, r in enumerate(c["involved"])],
        *[f"  {'measure':<12} #{m['id']} {measure_line(m)}" for m in c["measures"]],
        *([f"  {'legal hold':<12} since {c['hold']['since']}" + (f": {c['hold']['reason']}" if c["hold"]["reason"] else "")]
          if c.get("hold") else []),
        f"  handler      {c['handler'] or '-'}",
        f"  version      {c['version']}",
        "",
        "  " + c["summary"].replace("\n", "\n  "),
        "",
        "Events possible now:",
    ]
    for e in c["events"]:
        mark = "yes" if e["allowed"] else "no "
        why = f"  ({e['reason']})" if e["reason"] else ""
        note = "  [needs --note]" if e["needs_note"] and e["allowed"] else ""
        out.append(f"  {mark} {e['name']:<34} {e['title']}{note}{why}")
    if not c["events"]:
        out.append("  none")
    out += ["", "Deadlines:"]
    for d in c["deadlines"]:
        out.append(f"  {d['step']:<40} due {d['due']}  {verdict(d['met'], d['paused'])}")
    if c["notes"]:
        out += ["", "Notes:"]
        for n in c["notes"]:
            tag = " [confidential]" if n["confidential"] else ""
            kind = (" " + note_mark(n).strip()) if note_mark(n) else ""
            amends = f" (amends note {n['amends']})" if n["amends"] else ""
            out.append(f"  #{n['id']} {n['day']} {n['author']}{kind}{tag}{amends}: {n['text']}")
    if c["documents"]:
        out += ["", "Documents:"]
        for d in c["documents"]:
            tag = " [confidential]" if d["confidential"] else ""
            if d.get("redacts"):
                tag += f" [redacted copy of #{d['redacts']}, {d['redaction']}]"
            out.append(f"  #{d['id']} {d['section']:<20} {d['filename']} ({d['size']:,} bytes){tag}")
    if c["sanctions"]:
        out += ["", "Sanctions:"]
        for x in c["sanctions"]:
            state = (f"complied {x['complied']}" if x["complied"]
                     else f"not complied: {x['not_complied']}" if x["not_complied"]
                     else f"due {x['due']}" if x["due"] else "open")
            until = (f" until {x['until']}" + (", lapsed" if x["lapsed"] else "")) if x["until"] else ""
            out.append(f"  #{x['id']} {x['title']}{until}: {x['detail'] or '-'} ({state})")
    return "\n".join(out)


def assessment_lines(c: dict) -> list[str]:
    """A complaint about a Member: how it was classified, the complainant's anonymity, and an
    officer complainant's choice of procedure."""
    if c["route"] != "member":
        return []
    lines = [f"  assessed     {'a complaint ' + c['classification_title'] if c['classification'] else 'not classified yet'}"]
    if c["anonymity"]:
        lines.append(f"  anonymity    {c['anonymity_title']}")
    if c["complainant"]["kind"] == "officer":
        lines.append(f"  chose        {c['complainant_choice_title'] or 'not recorded yet (casework choice)'}")
    elif c["local_resolution_protocol"]:
        lines.append(f"  between      members: {c['local_resolution_protocol']} applies to a low-level complaint")
    return lines


def measure_line(m: dict) -> str:
    """A suspension or a protective measure, in force or ended, on one line."""
    if m["ended"]:
        return f"{m['title']}, {m['started']} to {m['ended']}: {m['detail']}"
    overdue = "  REVIEW OVERDUE" if m["review_overdue"] else ""
    return f"{m['title']} since {m['started']}, review by {m['review']}{overdue}: {m['detail']}"
