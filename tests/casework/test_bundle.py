"""Hearing bundles built from real evidence files and read back with pypdf."""

import hashlib
import re

import evidence as ev
import pytest
from pypdf import PdfReader
from sqlalchemy import text

from casework.bundle.build import bundle
from casework.bundle.typeface import PAGE_STRIP
from casework.cases.advance import advance
from casework.cases.assessment import choose, classify
from casework.cases.assignments import grant
from casework.cases.opening import open_case
from casework.cases.papers import annotate, attach

# (file maker, section, description, day, pages it gives, exempt paragraph)
PAPERS = [
    ("complaint.pdf", lambda p: ev.pdf(p, 3), "complaint", "Complaint form", "2026-09-01", 3, None),
    ("minutes.pdf", lambda p: ev.pdf(p, 2, "a4-landscape"), "evidence", "Minutes of Planning Committee", "2026-08-20", 2, None),
    ("reply.pdf", lambda p: ev.pdf(p, 2, "letter", rotate=90), "response", "Response, scanned sideways", "2026-09-20", 2, None),
    ("notice.txt", lambda p: ev.text(p, "Cllr Jones: a complaint has been made; your comments, please.\n"),
     "subject-notice", "Notice of the complaint to Cllr Ann Jones", "2026-09-02", 1, None),
    ("photo.png", ev.png, "evidence", "Photograph of the notice", "2026-08-21", 1, None),
    ("statement.tiff", ev.tiff, "witness-statements", "Signed statement of Bob Smith", "2026-09-10", 2, None),
    ("email.txt", lambda p: ev.text(p, "From: Olive Manager\n\nI saw it <twice> & said so.\n"),
     "witness-statements", "Email from Olive Manager", "2026-09-11", 1, None),
    ("medical.pdf", lambda p: ev.pdf(p, 2, "a5"), "evidence", "Occupational health note", "2026-09-15", 2, "1"),
    ("draft.pdf", lambda p: ev.pdf(p, 1), "draft-report", "Draft report sent to both parties", "2026-09-22", 1, None),
    ("report.pdf", lambda p: ev.pdf(p, 2), "investigation-report", "Final investigation report", "2026-09-25", 2, None),
]


@pytest.fixture
def case(ws, tmp_path):
    ref = open_case(ws, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3",
                    "Shouted at an officer in the car park", "2026-09-01")
    hashes = {}
    for name, make, section, description, day, _, exempt in PAPERS:
        path = make(tmp_path / name)
        hashes[description] = hashlib.sha256(path.read_bytes()).hexdigest()
        attach(ws, ref, str(path), "mo", section, description=description, on=day, exemption=exempt)
    advance(ws, ref, "refer_to_monitoring_officer", "mo", on="2026-10-01")
    choose(ws, ref, "protocol", "mo", on="2026-10-01")  # Bob Smith, an officer, chose the protocol
    classify(ws, ref, "code", "mo", "Bullying alleged under the code", on="2026-10-01")
    for event, who in [("investigate", "mo"), ("complete_investigation", "inv")]:
        advance(ws, ref, event, who, on="2026-10-01")
    grant(ws, ref, "ip", "mo")  # s.28(7)(a): an Independent Person assigned to the case
    annotate(ws, ref, "The IP thinks this, if proven, is a breach.", "ip", kind="ip-view")
    # The clerk reads the confidential papers once the case goes to a hearing.
    advance(ws, ref, "refer_to_hearing", "mo", on="2026-10-01", note="For the Standards Committee")
    return ref, hashes


def pages_text(path):
    return [p.extract_text() for p in PdfReader(path).pages]


def index_rows(texts):
    """{tab: (description, first, last)} read from the index pages as a person would."""
    rows = {}
    for t in texts[1:4]:
        for m in re.finditer(r"^([A-L]\d+)\s*(.+?)\s+(?:\d\d/\d\d/\d{4})?\s*(\d+)(?:–(\d+))?\s*$", t, re.M):
            rows[m[1]] = (m[2].strip(), int(m[3]), int(m[4] or m[3]))
    return rows


def test_a_bundle_reads_back_as_the_index_says(ws, case, tmp_path):
    ref, hashes = case
    out = tmp_path / "bundle.pdf"
    bound = bundle(ws, ref, "clerk", out, hearing="2026-12-10")
    reader = PdfReader(out)
    texts = pages_text(out)
    total = len(reader.pages)
    assert bound.pages == total
    # The cover, the index (a page for each sixteen or so lines: every section is listed, filed
    # or not), every paper's pages, then the manifest.
    body = sum(p[5] for p in PAPERS) + 1
    manifest = [i for i, t in enumerate(texts) if t.startswith("Manifest")]
    index = next(i for i, t in enumerate(texts) if "complaint page 1" in t) - 1
    assert texts[1].startswith("Index") and 1 <= index <= 2
    assert total == 1 + index + body + len(manifest)
    for i, t in enumerate(texts, 1):
        assert f"Page {i} of {total}" in t, f"page {i} lacks its number"
    assert "CONFIDENTIAL" in texts[0] and "10 December 2026" in texts[0]

    rows = index_rows(texts)
    assert len(rows) == len(PAPERS) + 1  # and the Independent Person's view
    assert [r[0] for r in rows.values()][:2] == ["Complaint form",
                                                  "Notice of the complaint to Cllr Ann Jones"]
    first, last = rows["C1"][1:]
    assert (first, last) == (2 + index, 4 + index)
    assert "complaint page 1" in texts[first - 1] and "complaint page 3" in texts[last - 1]
    reply = rows["E1"]
    assert "reply page 1" in texts[reply[1] - 1] and "reply page 2" in texts[reply[2] - 1]
    med = next(r for r in rows.values() if r[0] == "Occupational health note")
    assert "medical page 1" in texts[med[1] - 1]
    assert "CONFIDENTIAL: Sch 12A para 1" in texts[med[1] - 1]
    assert "I saw it <twice> & said so." in texts[rows["H2"][1] - 1]

    # Links from the index land on the first page of each paper.
    numbers = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages, 1)}
    targets = set()
    for annot in reader.pages[1].get("/Annots", []):
        a = annot.get_object()
        assert a["/Subtype"] == "/Link"
        targets.add(numbers[a["/Dest"][0].idnum])
    assert {r[1] for r in rows.values()} <= targets <= set(range(3, total + 1))

    # A bookmark for every section with papers and every paper, at the index's page.
    marks = {}
    def walk(items):
        for it in items:
            if isinstance(it, list):
                walk(it)
            else:
                marks[it.title] = reader.get_destination_page_number(it) + 1
    walk(reader.outline)
    for tab, (desc, first, _) in rows.items():
        title = next(t for t in marks if t.startswith(f"{tab} "))
        assert marks[title] == first and desc in title
    assert marks["Cover sheet"] == 1 and marks["Index"] == 2
    assert any(t.startswith("I. Documentary evidence") for t in marks)

    squeezed = re.sub(r"\s+", "", "".join(texts[i] for i in manifest))
    for description, digest in hashes.items():
        assert digest in squeezed, f"manifest lacks {description}"


def test_stamps_never_cover_the_evidence(ws, case, tmp_path):
    ref, _ = case
    out = tmp_path / "bundle.pdf"
    bundle(ws, ref, "mo", out)
    reader = PdfReader(out)
    texts = pages_text(out)
    rows = index_rows(texts)
    first, last = rows["C1"][1:]
    for n in range(first - 1, last):
        page = reader.pages[n]
        ys = {}
        def visit(t, cm, tm, font, size):
            if t.strip():
                ys[t.strip()] = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        page.extract_text(visitor_text=visit)
        foot = next(k for k in ys if k.startswith("FOOT"))
        stamp = next(k for k in ys if k.startswith("Page"))
        assert ys[foot] >= PAGE_STRIP - 0.5 > ys[stamp], (ys[foot], ys[stamp])
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx((595.28, 841.89), abs=0.01)
    # The sideways letter is shown as its author saw it, upright with no /Rotate left.
    reply = reader.pages[rows["E1"][1] - 1]
    assert "/Rotate" not in reply
    assert float(reply.mediabox.width) == pytest.approx(792) and float(reply.mediabox.height) == pytest.approx(612)
    landscape = reader.pages[next(r for r in rows.values() if r[0].startswith("Minutes"))[1] - 1]
    assert float(landscape.mediabox.width) > float(landscape.mediabox.height)


def test_a_public_bundle_withholds_exempt_papers_without_naming_them(ws, case, tmp_path):
    ref, hashes = case
    full = bundle(ws, ref, "clerk", tmp_path / "full.pdf")
    out = tmp_path / "public.pdf"
    public = bundle(ws, ref, "clerk", out, public=True)
    texts = pages_text(out)
    everything = "\n".join(texts)
    assert public.pages == full.pages - 2 and public.withheld == 1
    assert "medical page" not in everything and "Occupational health" not in everything
    assert hashes["Occupational health note"] not in re.sub(r"\s+", "", everything)
    assert "Withheld: exempt information under paragraph 1 of Schedule 12A" in texts[1]
    assert "PUBLIC BUNDLE" in texts[0] and "CONFIDENTIAL" not in everything


def test_the_export_is_audited_with_the_hash_of_what_was_written(ws, case, tmp_path):
    ref, _ = case
    out = tmp_path / "bundle.pdf"
    bound = bundle(ws, ref, "clerk", out, public=True)
    with ws.engine.connect() as conn:
        action, data = conn.execute(text(
            "SELECT action, data FROM audit_event WHERE action = 'export' ORDER BY seq DESC LIMIT 1")).one()
    assert action == "export"
    assert hashlib.sha256(out.read_bytes()).hexdigest() == bound.sha256
    assert bound.sha256 in data and '"public bundle"' in data


def test_no_papers_source_is_held_while_the_bundle_is_written(ws, case, tmp_path, monkeypatch):
    """An open paper holds its bytes and parsed objects. pikepdf copies whatever a page uses
    whole, so each paper is closed once its pages are in, and nothing holds it any longer when
    the bundle is written; the bundle still reads back whole."""
    import sys

    import pikepdf

    from casework.bundle import build

    sources, closed, held = [], set(), []
    to_pdf, commit, close = build.to_pdf, build._commit, pikepdf.Pdf.close

    def opened(item, data):
        sources.append(to_pdf(item, data))
        return sources[-1]

    def closing(pdf):
        closed.add(id(pdf))
        close(pdf)

    def written(*args):
        # Two references: the list here, and getrefcount's own argument.
        held.extend(i for i in range(len(sources)) if sys.getrefcount(sources[i]) > 2)
        held.extend(i for i, pdf in enumerate(sources) if id(pdf) not in closed)
        return commit(*args)

    monkeypatch.setattr(build, "to_pdf", opened)
    monkeypatch.setattr(build, "_commit", written)
    monkeypatch.setattr(pikepdf.Pdf, "close", closing)
    bound = bundle(ws, case[0], "mo", tmp_path / "bundle.pdf")
    assert len(sources) == len(PAPERS) and not held
    reader = PdfReader(tmp_path / "bundle.pdf")
    assert len(reader.pages) == bound.pages
    assert "complaint page 3" in "".join(p.extract_text() for p in reader.pages)


def test_an_index_and_a_manifest_of_several_pages_each_keep_their_places(ws_sqlite, tmp_path):
    """The cover, index and manifest are typeset as one document and split where the manifest
    begins: with an index and a manifest of several pages, the index still comes before the
    papers and the manifest after them, and every link and bookmark lands where it says."""
    ws = ws_sqlite  # nothing here depends on the database
    ref = open_case(ws, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", "Many papers", "2026-09-01")
    papers = 70
    for n in range(papers):
        path = ev.pdf(tmp_path / f"paper{n:02d}.pdf", 1)
        attach(ws, ref, str(path), "mo", "evidence", description=f"Paper number {n:02d}", on="2026-09-01")
    out = tmp_path / "b.pdf"
    bound = bundle(ws, ref, "mo", out)
    reader, texts = PdfReader(out), pages_text(out)
    total = len(reader.pages)
    index = next(i for i, t in enumerate(texts) if "paper00 page 1" in t) - 1
    manifest = next(i for i, t in enumerate(texts) if t.startswith("Manifest"))
    assert index >= 2 and manifest == 1 + index + papers and total - manifest >= 2
    assert bound.pages == total
    assert all(f"Page {i} of {total}" in t for i, t in enumerate(texts, 1))
    assert f"paper{papers - 1:02d} page 1" in texts[manifest - 1]
    numbers = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages)}
    targets = [numbers[a.get_object()["/Dest"][0].idnum]
               for page in reader.pages[1:1 + index] for a in page.get("/Annots", [])]
    assert set(targets) == set(range(1 + index, 1 + index + papers))
    assert all(f"paper{n - 1 - index:02d} page 1" in texts[n] for n in set(targets))
    marks = {it.title: reader.get_destination_page_number(it) for it in reader.outline
             if not isinstance(it, list)}
    assert marks["Manifest of SHA-256 hashes"] == manifest and marks["Index"] == 1


def test_long_text_without_line_breaks_is_typeset_in_full(ws, tmp_path):
    ref = open_case(ws, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", "Long email", "2026-09-01")
    words = " ".join(f"w{i}" for i in range(60_000))
    attach(ws, ref, str(ev.text(tmp_path / "thread.txt", words)), "mo", "evidence")
    out = tmp_path / "b.pdf"
    bundle(ws, ref, "mo", out)
    body = "".join(p.extract_text() for p in PdfReader(out).pages)
    assert "w0 " in body and "w59999" in body and len(PdfReader(out).pages) > 20


def test_photos_are_embedded_as_taken_and_turned_the_right_way_up(ws, tmp_path):
    ref = open_case(ws, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", "Photos", "2026-09-01")
    attach(ws, ref, str(ev.jpeg(tmp_path / "wide.jpg")), "mo", "evidence", on="2026-09-01")
    attach(ws, ref, str(ev.jpeg(tmp_path / "turned.jpg", orientation=6)), "mo", "evidence", on="2026-09-02")
    out = tmp_path / "b.pdf"
    bundle(ws, ref, "mo", out)
    reader = PdfReader(out)
    wide, turned = reader.pages[2], reader.pages[3]
    assert float(wide.mediabox.width) > float(wide.mediabox.height)
    assert float(turned.mediabox.width) < float(turned.mediabox.height)
    images = [x.get_object() for x in wide["/Resources"]["/XObject"].values()]
    # The JPEG's own bytes, not a re-encoding of its pixels.
    assert any("/DCTDecode" in str(im.get("/Filter")) for im in images)
    assert (tmp_path / "wide.jpg").read_bytes() in [im.get_data() for im in images]


def test_a_png_goes_in_losslessly_and_a_damaged_one_is_named(ws, tmp_path):
    from PIL import Image, ImageChops

    from casework.errors import UserError

    ref = open_case(ws, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", "Screenshot", "2026-09-01")
    shot = ev.png(tmp_path / "shot.png", size=(640, 480))
    attach(ws, ref, str(shot), "mo", "evidence")
    out = tmp_path / "b.pdf"
    bundle(ws, ref, "mo", out)
    placed = PdfReader(out).pages[2].images[0].image.convert("RGB")
    assert ImageChops.difference(placed, Image.open(shot).convert("RGB")).getbbox() is None

    raw = bytearray(shot.read_bytes())
    raw[raw.index(b"IDAT") + 40] ^= 0xFF
    broken = tmp_path / "broken.png"
    broken.write_bytes(bytes(raw))
    attach(ws, ref, str(broken), "mo", "evidence")
    with pytest.raises(UserError, match=r"\(broken.png\) is not a readable image"):
        bundle(ws, ref, "mo", tmp_path / "c.pdf")


def test_before_a_hearing_the_clerk_may_bind_only_the_public_bundle(ws, tmp_path):
    from casework.errors import Refused

    ref = open_case(ws, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", "Early", "2026-09-01")
    attach(ws, ref, str(ev.pdf(tmp_path / "medical.pdf", 1)), "mo", "evidence", exemption="2")
    with pytest.raises(Refused, match="confidential papers you may not see; export a public bundle"):
        bundle(ws, ref, "clerk", tmp_path / "full.pdf")
    assert bundle(ws, ref, "clerk", tmp_path / "public.pdf", public=True).withheld == 1


def test_a_full_bundle_with_exempt_papers_is_readable_by_its_owner_only(ws, case, tmp_path):
    import os
    import stat

    ref, _ = case
    full = bundle(ws, ref, "clerk", tmp_path / "full.pdf").path
    public = bundle(ws, ref, "clerk", tmp_path / "public.pdf", public=True).path
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(full.stat().st_mode) == 0o600
    assert stat.S_IMODE(public.stat().st_mode) == 0o666 & ~mask


def test_a_one_line_cell_is_drawn_as_a_paragraph_would_be_and_wraps_if_it_must():
    import io

    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Paragraph

    from casework.bundle.front import Line
    from casework.bundle.typeface import styles

    style = styles()["cell"]
    line, para = Line("17–66", style), Paragraph("17–66", style)
    assert line.wrap(68, 100) == para.wrap(68, 100)
    long = Line("withheld " * 6, style)
    assert long.wrap(68, 100)[1] > style.leading  # too long for its column: wrapped
    long.drawOn(Canvas(io.BytesIO()), 0, 0)
