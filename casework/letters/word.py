"""A letter as a Word document (python-docx), for councils that finish letters in Word: the
same letterhead, heading and paragraphs as the PDF casework files, and the same foot line on
every page (Word's own PAGE and NUMPAGES fields, so it stays right as the council edits)."""

import io
import re

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from casework.letters.pdf import PAGES, PAGES_CY, recipient_lines
from casework.letters.templates import Written


def letter_docx(written: Written, fields: dict, welsh: tuple[Written, dict] | None = None) -> bytes:
    """`welsh`: the same letter in Welsh, which comes first (Welsh Language Standards)."""
    doc = Document()
    doc.styles["Normal"].font.size = Pt(11)
    if welsh is not None:
        _letter(doc, *welsh, "Ein cyfeirnod", "At")
        doc.add_page_break()
    _letter(doc, written, fields, "Our reference", "To")
    _foot(doc, fields["ref"], PAGES if welsh is None else PAGES_CY)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _letter(doc, written: Written, fields: dict, our_reference: str, to: str) -> None:
    doc.add_heading(fields["council"], level=1)
    doc.add_paragraph(f"{our_reference}: {fields['ref']}\n{fields['today']}")
    doc.add_paragraph("\n".join(recipient_lines(fields, to)))
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


def _foot(doc, ref: str, pages: str) -> None:
    """The reference, then the page numbers, in every section's footer."""
    for section in doc.sections:
        section.different_first_page_header_footer = False
        para = section.footer.paragraphs[0]
        para.text = ""
        para.add_run(f"{ref}\t")
        for part in re.split(r"(\{n\}|\{total\})", pages):
            if part == "{n}":
                _field(para, "PAGE", "1")
            elif part == "{total}":
                _field(para, "NUMPAGES", "1")
            elif part:
                para.add_run(part)


def _field(para, code: str, shown: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in; `shown` until it does."""
    def mark(kind: str):
        run = para.add_run()
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        run._r.append(char)

    mark("begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {code} "
    para.add_run()._r.append(instr)
    mark("separate")
    para.add_run(shown)
    mark("end")
