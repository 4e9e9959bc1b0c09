"""Names and groupings of the routes' stages, without the state machines.

Lists and screens read these; only the one case being changed needs a machine (see
routes.py, which builds its states from these titles).
"""

STATE_TITLES = {
    "officer": {
        "received": 'Received',
        "informal_resolution": 'Informal resolution',
        "line_manager": 'Line manager',
        "head_of_service": 'Head of Service or Director',
        "disciplinary": 'Disciplinary (HR)',
        "outcome": 'Disciplinary outcome',
        "appeal": 'Appeal',
        "paused": 'Paused',
        "resolved": 'Resolved',
        "no_breach": 'No case to answer',
        "no_action": 'No further action',
        "withdrawn": 'Withdrawn',
        "discontinued": 'Discontinued',
        "closed": 'Closed',
    },
    "member": {
        "received": 'Received',
        "hos_consulted": 'Head of Service or Director consulted',
        "assessment": "Monitoring Officer's initial assessment",
        "local_resolution": 'Local resolution',
        "investigation": 'Investigation',
        "decision": 'Decision after investigation',
        "hearing": 'Standards Committee hearing',
        "sanctions": 'Breach found: sanctions',
        "review": 'Review of assessment decision',
        "paused": 'Paused',
        "with_ombudsman": 'With the Public Services Ombudsman for Wales',
        "panel_appeal": 'Appeal to the Adjudication Panel for Wales',
        "panel_recommendation": "Committee to answer the Panel's recommendation",
        "resolved": 'Resolved',
        "no_breach": 'No breach',
        "no_action": 'No further action',
        "withdrawn": 'Withdrawn',
        "discontinued": 'Discontinued',
        "ombudsman_declined": 'Ombudsman declined to investigate',
        "adjudication_panel": 'Referred by the Ombudsman to the Adjudication Panel',
        "closed": 'Closed',
    },
}
# The same titles in Welsh, for letters written in Welsh (Welsh Language Standards). Names the
# law fixes are the forms the bodies themselves use: Ombwdsmon Gwasanaethau Cyhoeddus Cymru
# (Public Services Ombudsman (Wales) Act 2005, s.1), Panel Dyfarnu Cymru (Local Government Act
# 2000 s.75), Pwyllgor Safonau and Swyddog Monitro (SI 2001/2281, Welsh text). "Cwyn" is
# feminine, so a stage that says what happened to the complaint mutates after "wedi'i".
STATE_TITLES_CY = {
    "officer": {
        "received": "Wedi dod i law",
        "informal_resolution": "Datrysiad anffurfiol",
        "line_manager": "Rheolwr llinell",
        "head_of_service": "Pennaeth Gwasanaeth neu Gyfarwyddwr",
        "disciplinary": "Disgyblu (Adnoddau Dynol)",
        "outcome": "Canlyniad disgyblu",
        "appeal": "Apêl",
        "paused": "Wedi'i hoedi",
        "resolved": "Wedi'i datrys",
        "no_breach": "Dim achos i'w ateb",
        "no_action": "Dim camau pellach",
        "withdrawn": "Wedi'i thynnu'n ôl",
        "discontinued": "Wedi'i therfynu",
        "closed": "Wedi'i chau",
    },
    "member": {
        "received": "Wedi dod i law",
        "hos_consulted": "Ymgynghorwyd â'r Pennaeth Gwasanaeth neu'r Cyfarwyddwr",
        "assessment": "Asesiad cychwynnol y Swyddog Monitro",
        "local_resolution": "Datrysiad lleol",
        "investigation": "Ymchwiliad",
        "decision": "Penderfyniad ar ôl ymchwiliad",
        "hearing": "Gwrandawiad y Pwyllgor Safonau",
        "sanctions": "Canfuwyd achos o dorri'r protocol: sancsiynau",
        "review": "Adolygu penderfyniad yr asesiad",
        "paused": "Wedi'i hoedi",
        "with_ombudsman": "Gydag Ombwdsmon Gwasanaethau Cyhoeddus Cymru",
        "panel_appeal": "Apêl i Banel Dyfarnu Cymru",
        "panel_recommendation": "Y Pwyllgor i ymateb i argymhelliad y Panel",
        "resolved": "Wedi'i datrys",
        "no_breach": "Dim achos o dorri'r protocol",
        "no_action": "Dim camau pellach",
        "withdrawn": "Wedi'i thynnu'n ôl",
        "discontinued": "Wedi'i therfynu",
        "ombudsman_declined": "Penderfynodd yr Ombwdsmon beidio ag ymchwilio",
        "adjudication_panel": "Cyfeiriwyd gan yr Ombwdsmon at Banel Dyfarnu Cymru",
        "closed": "Wedi'i chau",
    },
}
# Stages of earlier releases that cases and their trails may still name (`referred` became
# a pause, or the Ombudsman's stage, with schema 0012).
FORMER_TITLES = {"referred": "Referred elsewhere (before pauses)"}
FORMER_TITLES_CY = {"referred": "Wedi'i chyfeirio i rywle arall (cyn oedi)"}
ROUTE_TITLES = {"officer": "about an Officer", "member": "about a Member"}

# States in which nothing more is expected unless the Monitoring Officer reopens the case.
ENDED = frozenset(
    {"resolved", "no_breach", "no_action", "withdrawn", "discontinued", "ombudsman_declined",
     "adjudication_panel", "closed", "referred"}
)
# Stages whose clock is stopped: a pause waits for its review date, and in Wales the council's
# case waits while the Ombudsman has it (Local Government Act 2000 s.69).
CLOCK_STOPPED = frozenset({"paused", "with_ombudsman"})
# States in which a finding of breach stands, so sanctions may be recorded.
BREACH_FOUND = {"officer": frozenset({"outcome"}), "member": frozenset({"sanctions"})}

# For narrow columns; the full titles stay everywhere else.
SHORT_TITLES = {
    "assessment": "MO's initial assessment",
    "hos_consulted": "Head of Service consulted",
    "head_of_service": "Head of Service/Director",
    "decision": "Decision after investig.",
    "hearing": "Committee hearing",
    "sanctions": "Breach: sanctions",
    "review": "Review of decision",
    "with_ombudsman": "With the Ombudsman",
    "panel_appeal": "Appeal to the Panel",
    "panel_recommendation": "Panel's recommendation",
    "ombudsman_declined": "Ombudsman declined",
    "adjudication_panel": "To the Adjudication Panel",
}


def state_title(route: str, state: str, language: str = "en") -> str:
    """The stage's title; `language` "cy" gives it in Welsh."""
    if language == "cy":
        return STATE_TITLES_CY[route].get(state) or FORMER_TITLES_CY[state]
    return STATE_TITLES[route].get(state) or FORMER_TITLES[state]


def short_title(route: str, state: str) -> str:
    return SHORT_TITLES.get(state) or state_title(route, state)


def stage_named(text: str, route: str) -> str | None:
    """The stage of `route` that text names: by its name (local_resolution, local-resolution)
    or by its title as screens show it (Local resolution, MO's initial assessment)."""
    said = " ".join(text.replace("\u2019", "'").lower().replace("_", " ").replace("-", " ").split())
    for state, title in STATE_TITLES[route].items():
        if said in (state.replace("_", " "), title.lower(), SHORT_TITLES.get(state, "").lower()):
            return state
    return None


def all_stages() -> dict[str, str]:
    """Every stage of either route, once, with its title."""
    out: dict[str, str] = {}
    for titles in STATE_TITLES.values():
        for state, title in titles.items():
            out.setdefault(state, title)
    return out
