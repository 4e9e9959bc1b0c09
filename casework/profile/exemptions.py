"""Exempt information under Schedule 12A to the Local Government Act 1972.

The paragraphs are statute, not a council's choice, so they live here by regime rather than
in the profile. Wales numbers them from 12 (as amended for Wales in 2007) and adds 18A-18C.
The titles are our own short summaries, for a bundle index.
"""

from casework.errors import UserError, quote

PARAGRAPHS = {
    "england": {
        "1": "information relating to any individual",
        "2": "information likely to reveal the identity of an individual",
        "3": "information relating to the financial or business affairs of any person",
        "4": "consultations or negotiations on labour relations matters",
        "5": "information subject to legal professional privilege",
        "6": "a proposed notice, order or direction",
        "7": "the prevention, investigation or prosecution of crime",
    },
    "wales": {
        "12": "information relating to a particular individual",
        "13": "information likely to reveal the identity of an individual",
        "14": "information relating to the financial or business affairs of any person",
        "15": "consultations or negotiations on labour relations matters",
        "16": "information subject to legal professional privilege",
        "17": "a proposed notice, order or direction",
        "18": "the prevention, investigation or prosecution of crime",
        "18A": "information subject to an obligation of confidentiality",
        "18B": "matters concerning national security",
        "18C": "the deliberations of a standards committee in reaching a finding",
    },
}


def check_paragraph(regime: str, paragraph: str | None) -> str | None:
    if paragraph is None:
        return None
    key = paragraph.strip().upper()
    table = PARAGRAPHS[regime]
    if key not in table:
        raise UserError(
            f"--exempt {quote(paragraph)} is not a paragraph of Schedule 12A in {regime.title()}; "
            f"use one of: {', '.join(table)}"
        )
    return key


def describe(regime: str, paragraph: str | None) -> str:
    """What a public index says in place of a withheld item."""
    if paragraph is None:
        return "Withheld: confidential (no exemption paragraph recorded)"
    title = PARAGRAPHS[regime].get(paragraph, "")
    return f"Withheld: exempt information under paragraph {paragraph} of Schedule 12A ({title})"
