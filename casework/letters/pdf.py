"""A letter typeset in the bundles' typeface: the council and the reference at the head, the
date, whom it is to, the heading, then the body; each page numbered with the reference, in Welsh
and English on a letter that has a Welsh half."""

from reportlab.platypus import PageBreak, Paragraph, Spacer

from casework.bundle.convert import typeset
from casework.bundle.stamp import PAGES, numbered
from casework.bundle.typeface import escape, styles
from casework.letters import ombudsman
from casework.letters.templates import Written

# The foot line of a letter with a Welsh half, on every page: Welsh first, as the letter.
PAGES_CY = "Tudalen {n} o {total} / " + PAGES


def letter_pdf(written: Written, fields: dict, welsh: tuple[Written, dict] | None = None) -> bytes:
    """`welsh`: the same letter in Welsh, which comes first (Welsh Language Standards)."""
    story = []
    if welsh is not None:
        story += _letter(*welsh, "Ein cyfeirnod", "At") + [PageBreak()]
    story += _letter(written, fields, "Our reference", "To")
    return numbered(typeset(story), fields["ref"], PAGES if welsh is None else PAGES_CY)


def recipient_lines(fields: dict, to: str) -> list[str]:
    """Whom the letter is to, and the Ombudsman's postal address when it goes there."""
    lines = [f"{to}: {fields['recipient']}"]
    if fields["recipient_is"] == "ombudsman":
        lines += list(ombudsman.POSTAL)
    return lines


def _letter(written: Written, fields: dict, our_reference: str, to: str) -> list:
    st = styles()
    story = [Paragraph(escape(fields["council"]), st["heading"]),
             Paragraph(escape(f"{our_reference}: {fields['ref']}"), st["body"]),
             Paragraph(escape(fields["today"]), st["body"]), Spacer(1, 10),
             Paragraph("<br/>".join(escape(x) for x in recipient_lines(fields, to)), st["body"]),
             Spacer(1, 14), Paragraph(escape(written.heading), st["section"]), Spacer(1, 8)]
    for block in written.body.split("\n\n"):
        lines = block.splitlines()
        if all(line.startswith("- ") for line in lines):
            story += [Paragraph(escape(line[2:]), st["body"], bulletText="\u2022") for line in lines]
        else:
            story.append(Paragraph(escape(" ".join(lines)) if len(lines) > 1 and
                                   not _signature(lines) else "<br/>".join(escape(x) for x in lines),
                                   st["body"]))
        story.append(Spacer(1, 8))
    return story


def _signature(lines: list[str]) -> bool:
    """Short lines kept as lines: a name over a role, an address."""
    return all(len(line) < 60 for line in lines)
