"""What a letter's template can say: the fields, each worked out from the case as the person
issuing the letter may see it (casework.cases.views.show_case), for one recipient.

A complainant whose identity the Monitoring Officer withheld is never named to anyone but
themselves: `complainant` is then a neutral phrase, and their name is taken out of every other
field (a summary they wrote may hold it), whatever a council's template asks for.
"""

import re
from datetime import date

from casework.clock import long_date
from casework.errors import UserError
from casework.exports.decision import DECISIONS
from casework.letters import ombudsman
from casework.letters.kinds import OMBUDSMAN
from casework.profile.welsh import clause_cy, sanction_cy
from casework.workflow.events import PAUSE_REASONS, PAUSE_REASONS_CY, PAUSES
from casework.workflow.stages import CLOCK_STOPPED, state_title
from casework.workspace import Workspace

# Field -> what it holds, for the council writing templates (`casework letter fields`).
FIELDS = {
    "council": "the council's name, from its profile (in a Welsh letter, its [welsh] council)",
    "ref": "the case reference",
    "today": "the letter's date, as 4 December 2026",
    "recipient": "the name of whom the letter is to",
    "dear": "how the letter greets them: their name, or for the Ombudsman 'Ombudsman' ('Ombwdsmon')",
    "recipient_is": "complainant, subject, independent-person or ombudsman",
    "complainant": "the complainant's name, or 'the complainant' where their identity is withheld",
    "anonymous": "true where the complainant's identity is withheld from this recipient",
    "identity_withheld": "true where the complainant's identity is withheld from the subject",
    "subject": "the name of the Member or Officer complained about",
    "subject_is_member": "true on a complaint about a Member",
    "clause": "the protocol clause and its title, as 21.9.1 Respect and courtesy (in Welsh from [welsh.clauses])",
    "received": "the day the complaint was received",
    "summary": "the complaint's summary as recorded",
    "stage": "the stage the case is at, its title",
    "state": "the stage the case is at, as casework names it: with_ombudsman, hearing, ...",
    "next_due": "the current stage's deadline, or an empty text if none",
    "reply_by": "the day a reply is asked for: the letter's date and the profile's reply_days",
    "reply_days": "working days given to reply (the profile's reply_days, 10 unless set)",
    "appeal_by": "the last day to appeal an officer's outcome (the profile's outcome timescale)",
    "outcome": "the latest decision on the case, in a sentence",
    "decision": "the event that decided it (no_further_action, find_breach, ...), or empty",
    "sanctions": "the sanctions recorded, a list of sentences",
    "paused_reason": "why the case is paused (the police, an election, ...), or an empty text",
    "with_ombudsman": "true while the Ombudsman has the complaint: referred to it, or paused for it",
    "handler": "the name of whoever issues the letter",
    "handler_role": "their role, as Monitoring Officer",
    "details": "what the person issuing the letter wrote in (--text): when and where, say",
    "regime": "england or wales",
    "ombudsman": "Public Services Ombudsman for Wales, in the letter's language",
    "ombudsman_address": "the Ombudsman's address, telephone and website, a line each; a "
                         "letter that mentions the Ombudsman gives it",
}

# Until the Monitoring Officer decides a request, and after granting it, the name is withheld.
WITHHELD = {"requested", "granted", "anonymous", "admitted"}
# The events of a complaint about an Officer that decide it (casework.workflow.routes).
OFFICER_DECISIONS = {
    "find_breach": "the disciplinary procedure found that {subject} breached the protocol",
    "find_no_breach": "it was found that {subject} has no case to answer",
    "dismiss_appeal": "the appeal was dismissed, and the outcome stands",
    "uphold_appeal": "the appeal was upheld: {subject} has no case to answer",
    "resolve": "the complaint was resolved informally",
    "no_further_action": "it was decided to take no further action on the complaint",
}


# The decisions of casework.exports.decision.DECISIONS and OFFICER_DECISIONS, in Welsh, each
# a clause that follows "Ar {date}, ".
DECISIONS_CY = {
    ("hearing", "find_breach"): "canfu'r Pwyllgor Safonau, yn ei wrandawiad, fod {subject} wedi torri'r protocol",
    ("hearing", "find_no_breach"): "canfu'r Pwyllgor Safonau, yn ei wrandawiad, nad oedd {subject} wedi torri'r protocol",
    ("decision", "find_no_breach"): "canfu'r Swyddog Monitro, ar ôl ymchwilio, nad oedd {subject} wedi torri'r protocol",
    ("assessment", "no_further_action"): "penderfynodd y Swyddog Monitro, ar ôl asesiad cychwynnol, beidio â chymryd camau pellach ar y gŵyn",
    ("review", "confirm_decision"): "cadarnhaodd y Swyddog Monitro, ar ôl adolygiad, y penderfyniad i beidio â chymryd camau pellach",
    ("local_resolution", "resolve"): "datryswyd y gŵyn drwy ddatrysiad lleol",
    ("hos_consulted", "resolve"): "datryswyd y gŵyn yn anffurfiol gyda'r Pennaeth Gwasanaeth neu'r Cyfarwyddwr",
}
OFFICER_DECISIONS_CY = {
    "find_breach": "canfu'r weithdrefn ddisgyblu fod {subject} wedi torri'r protocol",
    "find_no_breach": "canfuwyd nad oes achos i {subject} ei ateb",
    "dismiss_appeal": "gwrthodwyd yr apêl, ac mae'r canlyniad yn sefyll",
    "uphold_appeal": "cadarnhawyd yr apêl: nid oes achos i {subject} ei ateb",
    "resolve": "datryswyd y gŵyn yn anffurfiol",
    "no_further_action": "penderfynwyd peidio â chymryd camau pellach ar y gŵyn",
}

# The titles of those who issue letters, in Welsh, for letters written in Welsh.
ROLE_TITLES_CY = {
    "Monitoring Officer": "Swyddog Monitro",
    "Deputy Monitoring Officer": "Dirprwy Swyddog Monitro",
    "HR adviser": "Ymgynghorydd Adnoddau Dynol",
    "committee clerk": "Clerc y Pwyllgor",
    "Investigating Officer": "Swyddog Ymchwilio",
}


def fields_for(ws: Workspace, case: dict, party: str, names: dict, handler: dict,
               details: str, on: date, language: str = "en") -> dict:
    """`names` holds who each party is ({"independent-person": "Ann Lee"}, as assigned);
    `language` "cy" writes the dates and the fixed words in Welsh."""
    welsh = language == "cy"
    locale = "cy" if welsh else "en_GB"
    recipient = _recipient(case, party, names)
    withheld = case["anonymity"] in WITHHELD and party != "complainant"
    real = case["complainant"]["name"]
    reply_days = ws.profile.reply_days

    def safe(text: str) -> str:
        return _without(text, real, keep=case["subject"]["name"]) if withheld else text

    profile = ws.profile
    paused = _paused_reason(case) if case["state"] in CLOCK_STOPPED else ""  # not paused now: none
    titles = [sanction_cy(profile, case["route"], x["kind"]) if welsh else x["title"]
              for x in case["sanctions"] or []]
    sanctions = [f"{title}{': ' + x['detail'].rstrip('.') if x['detail'] else ''}."
                 for title, x in zip(titles, case["sanctions"] or [])]
    appeal_days = ws.profile.timescales.get("outcome", 10)
    return {
        "council": (profile.welsh.council or profile.council) if welsh else profile.council,
        "ref": case["ref"], "today": long_date(on, locale),
        "recipient": recipient, "recipient_is": party,
        # An office is greeted by its title: "Dear Ombudsman", never "Dear The Public ...".
        "dear": ("Ombwdsmon" if welsh else "Ombudsman") if party == "ombudsman" else recipient,
        "complainant": ("yr achwynydd" if welsh else "the complainant") if withheld else real,
        "anonymous": withheld,
        "identity_withheld": case["anonymity"] in WITHHELD,
        "subject": case["subject"]["name"], "subject_is_member": case["route"] == "member",
        "clause": clause_cy(profile, case["clause"]) if welsh
        else f"{case['clause']} {case['clause_title']}".strip(),
        "received": long_date(case["received"], locale), "summary": safe(case["summary"]),
        "stage": state_title(case["route"], case["state"], language), "state": case["state"],
        "next_due": long_date(case["next_due"], locale),
        "reply_by": long_date(ws.calendar.add_working_days(on, reply_days), locale),
        "reply_days": reply_days,
        "appeal_by": long_date(ws.calendar.add_working_days(on, appeal_days), locale),
        "outcome": safe(outcome(case, language)), "decision": _decided(case)[0],
        "sanctions": [safe(x) for x in sanctions],
        "paused_reason": safe((PAUSE_REASONS_CY if welsh else PAUSE_REASONS).get(paused, paused)),
        "with_ombudsman": case["state"] == "with_ombudsman" or (case["state"] == "paused"
                                                                and paused == "ombudsman"),
        "handler": handler["name"],
        "handler_role": ROLE_TITLES_CY.get(handler["role_title"], handler["role_title"])
        if welsh else handler["role_title"],
        # As typed, never silently changed: a letter that would name them is refused instead.
        "details": details, "regime": profile.regime,
        "ombudsman": ombudsman.NAME[language], "ombudsman_address": ombudsman.address(language),
    }


def _recipient(case: dict, party: str, names: dict) -> str:
    if party == "complainant":
        return case["complainant"]["name"]
    if party == "subject":
        return case["subject"]["name"]
    if party == "ombudsman":
        return OMBUDSMAN
    if party not in names:
        raise UserError(f"{case['ref']} has no Independent Person assigned to it; assign one "
                        f"first (casework grant {case['ref']} LOGIN)")
    return names[party]


def _decided(case: dict) -> tuple[str, dict | None]:
    """The event name of the latest decision on the case and its audit event, or ("", None)."""
    decided = None
    for ev in case["history"]:
        if ev["action"] != "transition":
            continue
        name = ev["data"].get("event")
        if case["route"] == "member":
            if (ev["from"], name) in DECISIONS:
                decided = ev
            elif name == "reopen":
                decided = None
        elif name in OFFICER_DECISIONS:
            decided = ev
    return (decided["data"]["event"], decided) if decided else ("", None)


def outcome(case: dict, language: str = "en") -> str:
    """The latest decision in a sentence: who decided what, and when."""
    welsh = language == "cy"
    name, decided = _decided(case)
    if decided is None:
        if welsh:
            stage = state_title(case["route"], case["state"], "cy")
            return f"Nid oes penderfyniad wedi'i wneud eto; mae'r gŵyn ar y cam: {stage}."
        return f"No decision has been made yet; the complaint is at the stage: {case['stage']}."
    on = long_date(decided["data"].get("on") or decided["at"][:10], "cy" if welsh else "en_GB")
    subject = case["subject"]["name"]
    if welsh:
        said = (DECISIONS_CY[(decided["from"], name)] if case["route"] == "member"
                else OFFICER_DECISIONS_CY[name])
        return f"Ar {on}, {said.format(subject=subject)}."
    if case["route"] == "member":
        who, what = DECISIONS[(decided["from"], name)]
        return f"{who} on {on}, {what.format(subject=subject)}."
    return f"On {on} {OFFICER_DECISIONS[name].format(subject=subject)}."


def _paused_reason(case: dict) -> str:
    """The reason (police, ombudsman, ...) the latest pause or referral to the Ombudsman gave."""
    for ev in reversed(case["history"]):
        if (ev["action"] == "transition" and ev["data"].get("reason")
                and ev["data"].get("event") in PAUSES | {"refer_to_ombudsman"}):
            return str(ev["data"]["reason"])
    return ""


def _without(text: str, name: str, keep: str) -> str:
    """`text` with the withheld name, and each part of it of four letters or more that is not
    also part of `keep` (the subject's name), taken out."""
    kept = keep.casefold().split()
    parts = [name] + [p for p in name.split() if len(p) >= 4 and p.casefold() not in kept]
    for part in parts:
        text = re.sub(re.escape(part), "[withheld]", text, flags=re.IGNORECASE)
    return text
