"""The grounds on which a council withholds part of a paper, each with the law it rests on.

The codes are the ones a redaction log cites beside each black box. Schedule 12A paragraphs
are statute and differ by regime (casework.profile.exemptions), so they are written "12A-N" and
checked against the council's regime rather than listed twice.
"""

from casework.errors import UserError, quote
from casework.profile.exemptions import PARAGRAPHS

GROUNDS = {
    "third-party": "personal data of a third party (UK GDPR Art. 15(4); DPA 2018 Sch. 2 "
                   "para. 16; FOIA s.40(2))",
    "special-category": "special category or criminal offence data (UK GDPR Arts. 9 and 10; "
                        "FOIA s.40(2))",
    "privilege": "legal professional privilege (DPA 2018 Sch. 2 para. 19; FOIA s.42)",
    "confidence": "information provided in confidence (FOIA s.41)",
    "crime": "the prevention or detection of crime (DPA 2018 Sch. 2 para. 2; FOIA s.31)",
    "health-safety": "likely to endanger someone's physical or mental health or safety "
                     "(FOIA s.38)",
}
EXEMPT_PREFIX = "12A-"


def check_ground(code: str | None, regime: str) -> str:
    """The code as stored (lower case, or "12A-" and the paragraph), or a clear refusal."""
    if code is None or not code.strip():
        raise UserError("say why the words are withheld: --reason CODE, one of: " + _choices(regime))
    key = code.strip().lower()
    if key in GROUNDS:
        return key
    if key.startswith(EXEMPT_PREFIX.lower()):
        paragraph = key[len(EXEMPT_PREFIX):].upper()
        if paragraph in PARAGRAPHS[regime]:
            return EXEMPT_PREFIX + paragraph
    raise UserError(f"--reason {quote(code)} is not a ground for redaction; use one of: "
                    + _choices(regime))


def describe_ground(code: str, regime: str) -> str:
    if code.startswith(EXEMPT_PREFIX):
        paragraph = code[len(EXEMPT_PREFIX):]
        title = PARAGRAPHS[regime].get(paragraph, "")
        return f"exempt information under paragraph {paragraph} of Schedule 12A to the Local " \
               f"Government Act 1972 ({title})"
    return GROUNDS[code]


def grounds(regime: str) -> list[tuple[str, str]]:
    """Every code a council in this regime may give, with what it means, for a face to offer."""
    return [(code, text) for code, text in GROUNDS.items()] + [
        (EXEMPT_PREFIX + p, describe_ground(EXEMPT_PREFIX + p, regime)) for p in PARAGRAPHS[regime]]


def _choices(regime: str) -> str:
    paragraphs = list(PARAGRAPHS[regime])
    return (", ".join(GROUNDS) + f", or {EXEMPT_PREFIX}N for a paragraph of Schedule 12A "
            f"({paragraphs[0]}-{paragraphs[-1]})")
