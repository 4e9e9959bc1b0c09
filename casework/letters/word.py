"""A letter as a Word document (python-docx), for councils that finish letters in Word: the
same letterhead, heading and paragraphs as the PDF casework files."""

import io

from docx import Document
from docx.shared import Pt

from casework.letters.templates import Written


def letter_docx(written: Written, fields: dict, welsh: tuple[Written, dict] | None = None) -> bytes:
    """`welsh`: the same letter in Welsh, which comes first (Welsh Language Standards)."""
    doc = Document()
    doc.styles["Normal"].font.size = Pt(11)
    if welsh is not None:
        _letter(doc, *welsh, "Ein cyfeirnod", "At")
        doc.add_page_break()
    _letter(doc, written, fields, "Our reference", "To")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _letter(doc, written: Written, fields: dict, our_reference: str, to: str) -> None:
    doc.add_heading(fields["council"], level=1)
    doc.add_paragraph(f"{our_reference}: {fields['ref']}\n{fields['today']}")
    doc.add_paragraph(f"{to}: {fields['recipient']}")
    doc.add_heading(written.heading, level=2)
    for block in written.body.split("\n\n"):
        lines = block.splitlines()
        if all(line.startswith("- ") for line in lines):
            for line in lines:
                doc.add_paragraph(line[2:], style="List Bullet")
        elif all(len(line) < 60 for line in lines):
            doc.add_paragraph("\n".join(lines))  # a signature keeps its lines
        else:
            doc.add_paragraph(" ".join(lines))
