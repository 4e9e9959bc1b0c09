"""The redacted copy as a file, without a database: nothing the original carried besides its
pages' look reaches it (information dictionary, XMP, outlines, attachments, annotations, a
shared form that draws the name on another page), a turned page is blacked out where the name
is shown, and a file that is no readable PDF is refused in a sentence."""

import io

import evidence as ev
import pikepdf
import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader

from casework.errors import UserError
from casework.redaction.burn import redact_pdf
from casework.redaction.marks import parse_region
from casework.redaction.scrub import leftover

NAME = "Priya Shah"


def _carrying(path) -> bytes:
    """A statement naming her on page 2, and in everything around the pages besides."""
    ev.statement(path, [["A statement."], [f"{NAME} saw it."], ["Signed."]])
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        pdf.docinfo["/Title"] = f"What {NAME} saw"
        with pdf.open_metadata() as meta:
            meta["dc:title"] = f"What {NAME} saw"
        with pdf.open_outline() as outline:
            outline.root.append(pikepdf.OutlineItem(f"{NAME}'s account", 1))
        pdf.attachments["note.txt"] = pikepdf.AttachedFileSpec(pdf, f"{NAME} again".encode())
        note = pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Text, Rect=[10, 10, 30, 30],
            Contents=pikepdf.String(f"ask {NAME}")))
        pdf.pages[0].obj["/Annots"] = pikepdf.Array([note])
        pdf.pages[0].obj["/PieceInfo"] = pikepdf.Dictionary(App=pikepdf.String(NAME))
        pdf.save(path)
    return path.read_bytes()


def test_nothing_around_the_pages_reaches_the_copy(tmp_path):
    original = _carrying(tmp_path / "s.pdf")
    assert leftover(original, [NAME]) is not None
    done = redact_pdf(original, "document 1", [NAME.lower()], [])
    assert done.matches == {2: 1}
    assert leftover(done.data, [NAME]) is None
    assert b"Priya" not in done.data
    with pikepdf.open(io.BytesIO(done.data)) as pdf:
        assert "/Metadata" not in pdf.Root and "/Outlines" not in pdf.Root
        assert "/Names" not in pdf.Root and len(pdf.attachments) == 0
        assert all("/Annots" not in p.obj for p in pdf.pages)
        assert "/Title" not in pdf.docinfo
    assert PdfReader(io.BytesIO(done.data)).pages[0].extract_text().strip() == "A statement."


def test_a_form_shared_with_another_page_does_not_carry_the_name(tmp_path):
    """Resources shared by every page, one of them a form that draws the name on page 2 only:
    page 1, copied as it is, must not take the form along."""
    path = ev.statement(tmp_path / "s.pdf", [["First page."], ["Second page."]])
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        font = pdf.pages[0].Resources.Font
        form = pdf.make_stream(f"BT /F1 12 Tf 60 600 Td ({NAME}) Tj ET".encode(), Type=pikepdf.Name.XObject,
                               Subtype=pikepdf.Name.Form, BBox=[0, 0, 595, 842],
                               Resources=pikepdf.Dictionary(Font=font))
        shared = pdf.make_indirect(pikepdf.Dictionary(Font=font, XObject=pikepdf.Dictionary(Fm1=form)))
        for page in pdf.pages:
            page.obj.Resources = shared
        second = pdf.pages[1]
        second.contents_add(pdf.make_stream(b"q /Fm1 Do Q"), prepend=False)
        pdf.save(path)
    done = redact_pdf(path.read_bytes(), "document 1", [NAME], [])
    assert done.matches == {2: 1}
    assert b"Priya" not in done.data and leftover(done.data, [NAME]) is None


def test_a_turned_page_is_blacked_out_where_the_name_is_shown(tmp_path):
    path = ev.pdf(tmp_path / "turned.pdf", 1, "letter", rotate=90, label=f"Letter from {NAME}")
    original = path.read_bytes()
    done = redact_pdf(original, "document 1", [NAME], [])
    page = pdfium.PdfDocument(original)[0]
    text = page.get_textpage()
    start, count = text.search(NAME).get_next()
    left, bottom, right, top = text.get_charbox(start + count // 2)
    bitmap = page.render(scale=1)
    x, y = bitmap.get_posconv(page).to_bitmap((left + right) / 2, (bottom + top) / 2)
    copy = pdfium.PdfDocument(done.data)[0]
    assert copy.get_size() == (792, 612)  # shown as the original was, upright
    assert copy.render(scale=1).to_pil().convert("L").getpixel((int(x), int(y))) < 20


def test_a_region_on_a_turned_page_is_measured_as_the_page_is_shown(tmp_path):
    path = ev.pdf(tmp_path / "turned.pdf", 1, "a4", rotate=90)
    with pytest.raises(UserError, match="is off the page: page 1 is 297 x 210 mm"):
        redact_pdf(path.read_bytes(), "document 1", [], [parse_region("1:0,0,250,220")])
    done = redact_pdf(path.read_bytes(), "document 1", [], [parse_region("1:0,0,250,200")])
    assert done.regions == {1: 1}


def test_a_file_that_cannot_be_read_is_refused(tmp_path):
    locked = ev.encrypted_pdf(tmp_path / "locked.pdf").read_bytes()
    with pytest.raises(UserError, match="protected by a password"):
        redact_pdf(locked, "document 1", ["page"], [])
    with pytest.raises(UserError, match="damaged"):
        redact_pdf(b"%PDF-1.4\nnot really", "document 1", ["page"], [])
