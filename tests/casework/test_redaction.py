"""Redacted copies of a case's PDF papers, on SQLite and PostgreSQL: the words are gone from the
copy (its text extracted finds nothing), every other pixel is as it was, the original is never
touched, the trail names the terms only by hash, and public bundles bind the copy."""

import hashlib
import io
import json

import evidence as ev
import pypdfium2 as pdfium
import pytest
from helpers import dump
from PIL import ImageChops
from pypdf import PdfReader
from sqlalchemy import select

from casework.audit.log import verify_all, verify_one
from casework.audit.personal import keys
from casework.bundle.build import bundle
from casework.cases.opening import open_case
from casework.cases.papers import attach
from casework.errors import UserError
from casework.redaction.service import redact
from casework.transaction import read
from db.audit_personal import mac
from db.models import AuditEvent, Blob, Document

PAGES = [
    ["Statement of the complainant", "I was in the car park on 3 September.", "Nobody else was there."],
    ["Priya Shah saw what happened.", "She told me later that it was not the first time.",
     "The meeting ended at five."],
    ["Signed, the complainant.", "A copy went to PRIYA SHAH's office."],
]


@pytest.fixture
def case(ws, tmp_path):
    ref = open_case(ws, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3",
                    "Shouted at an officer in the car park", "2026-09-01")
    path = ev.statement(tmp_path / "statement.pdf", PAGES)
    doc = attach(ws, ref, str(path), "mo", "witness-statements", description="Statement naming Priya Shah",
                 on="2026-09-05", exemption="1")
    notice = ev.text(tmp_path / "notice.txt", "Priya Shah is told of the complaint.\n")
    text = attach(ws, ref, str(notice), "mo", "evidence")
    return ref, doc, text, path.read_bytes()


def stored(ws, doc_id):
    with read(ws.engine) as s:
        doc = s.get(Document, doc_id)
        return doc, s.get(Blob, doc.sha256).data


def render(data: bytes, page: int, dpi: int = 150):
    return pdfium.PdfDocument(data)[page].render(scale=dpi / 72).to_pil().convert("RGB")


def text_of(data: bytes) -> list[str]:
    return [p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages]


def test_a_redacted_copy_has_no_trace_of_the_term_and_is_otherwise_the_same(ws, case):
    ref, doc_id, _, original = case
    filed = redact(ws, ref, doc_id, "mo", terms=["priya shah"], reason="third-party")
    copy, data = stored(ws, filed.document_id)
    assert filed.matches == {2: 1, 3: 1} and filed.pages == 3
    assert hashlib.sha256(data).hexdigest() == copy.sha256 == filed.sha256
    texts = text_of(data)
    assert not any("priya" in t.casefold() for t in texts)
    assert b"Priya" not in data and b"PRIYA" not in data  # not in metadata, strings or streams
    # The page without the name keeps its text and every pixel.
    assert texts[0] == text_of(original)[0]
    assert render(data, 0).tobytes() == render(original, 0).tobytes()
    # On the pages with it, every pixel that differs is black, and few do: rendered at the
    # resolution the copy was made at, the rest of the page is as it was to the pixel.
    for page in (1, 2):
        before, after = render(original, page, 200).convert("L"), render(data, page, 200).convert("L")
        assert after.size == before.size
        differs = ImageChops.difference(before, after).point(lambda v: 255 if v else 0)
        not_black = after.point(lambda v: 255 if v > 20 else 0)
        assert differs.getbbox() is not None
        assert ImageChops.darker(differs, not_black).getbbox() is None
        assert differs.histogram()[255] < after.width * after.height * 0.02
    # A page with the name is a picture now: none of its words are text.
    assert "the first time" not in texts[1]
    # The copy stands beside the original, which is as it was filed.
    orig, orig_bytes = stored(ws, doc_id)
    assert orig_bytes == original and orig.sha256 == hashlib.sha256(original).hexdigest()
    assert copy.redacts_id == doc_id and copy.redaction == "third-party"
    assert copy.section == orig.section and copy.dated == orig.dated and not copy.confidential
    assert copy.description == f"Statement naming [redacted] (redacted copy of #{doc_id})"
    assert "priya" not in copy.filename.casefold()


def test_the_trail_names_the_terms_by_hash_only_and_verifies(ws, case):
    ref, doc_id, _, _ = case
    filed = redact(ws, ref, doc_id, "mo", terms=["Priya Shah"], reason="12a-1",
                   regions=["1:20,20,100,40"])
    with read(ws.engine) as s:
        event = s.execute(select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(1)).scalar_one()
        everything = json.dumps([e.data for e in s.execute(select(AuditEvent)).scalars()])
    data = json.loads(event.data)
    assert event.action == "redact" and event.case_ref == ref
    assert data["redacts"] == doc_id and data["document_id"] == filed.document_id
    assert data["reason"] == "12A-1" and data["matches"] == {"2": 1, "3": 1}
    assert data["regions"] == ["1:20,20,100,40"]
    # Keyed with the case's secret: hashing a guessed name does not confirm it.
    with read(ws.engine) as s:
        key = keys(s.connection(), [f"case:{ref}"])[f"case:{ref}"][0]
    assert data["terms_sha256"] == [mac(key, "terms_sha256", hashlib.sha256(b"priya shah").hexdigest())]
    assert "priya" not in everything.casefold()
    assert verify_all(ws, "mo").ok
    assert verify_one(ws, "mo", ref).ok


def test_a_public_bundle_binds_the_copy_and_a_full_one_the_original(ws, case, tmp_path):
    ref, doc_id, _, _ = case
    redact(ws, ref, doc_id, "mo", terms=["Priya Shah"], reason="third-party")
    public = bundle(ws, ref, "mo", tmp_path / "public.pdf", public=True)
    full = bundle(ws, ref, "mo", tmp_path / "full.pdf")
    public_text = " ".join(text_of((tmp_path / "public.pdf").read_bytes()))
    full_text = " ".join(text_of((tmp_path / "full.pdf").read_bytes()))
    assert "redacted copy" in public_text and "[redacted]" in public_text
    assert "She told me later" not in public_text  # the page is a picture, not withheld
    assert "Priya Shah saw what happened" in full_text
    assert "redacted copy" not in full_text
    assert public.documents == full.documents  # the copy takes the original's place, once
    assert verify_all(ws, "mo").ok


def test_a_copy_redacted_again_still_names_the_original(ws, case):
    ref, doc_id, _, _ = case
    first = redact(ws, ref, doc_id, "mo", terms=["Priya Shah"], reason="third-party")
    second = redact(ws, ref, first.document_id, "mo", terms=["car park"], reason="third-party")
    copy, data = stored(ws, second.document_id)
    assert copy.redacts_id == doc_id
    joined = " ".join(text_of(data)).casefold()
    assert "priya" not in joined and "car park" not in joined


def test_a_region_is_blacked_out_where_it_was_measured(ws, case):
    ref, doc_id, _, original = case
    filed = redact(ws, ref, doc_id, "mo", regions=["3:0,0,210,50"], reason="privilege")
    _, data = stored(ws, filed.document_id)
    after = render(data, 2)
    mm = 150 / 25.4
    assert after.getpixel((int(100 * mm), int(25 * mm))) == (0, 0, 0)
    assert after.getpixel((int(100 * mm), int(100 * mm))) == (255, 255, 255)
    assert text_of(data)[:2] == text_of(original)[:2]
    assert filed.regions == {3: 1} and filed.matches == {}


@pytest.mark.parametrize("login, kwargs, match", [
    ("mo", {"ref": "MOP-2099-0001"}, "no case"),
    ("mo", {"doc": 999}, "has no document 999"),
    ("mo", {"doc": "text"}, "only a PDF can be redacted"),
    ("mo", {"terms": ["Nobody Named"]}, "is not in the text"),
    ("mo", {"terms": [], "regions": ["2:10,10,300,20"]}, "is off the page"),
    ("mo", {"terms": [], "regions": ["4:10,10,30,20"]}, "no page 4"),
    ("mo", {"terms": [], "regions": ["1:30,10,10,20"]}, "has no area"),
    ("mo", {"terms": [], "regions": ["first page"]}, "is not a region"),
    ("mo", {"terms": []}, "say what to redact"),
    ("mo", {"reason": None}, "--reason CODE"),
    ("mo", {"reason": "because"}, "not a ground for redaction"),
    ("mo", {"reason": "12A-9"}, "not a ground for redaction"),
    ("inv", {}, "cannot redact papers"),
    ("view", {}, "cannot redact papers"),
    ("hr", {}, "cannot redact papers on a complaint about a Member"),
    ("clerk", {}, "has no document"),  # confidential, and the case not yet at a hearing
])
def test_bad_input_is_one_line_and_changes_nothing(ws, case, login, kwargs, match, tmp_path):
    ref, doc_id, text_id, _ = case
    doc = {"text": text_id}.get(kwargs.get("doc"), kwargs.get("doc", doc_id))
    before = dump(ws)
    out = tmp_path / "copy.pdf"
    with pytest.raises(UserError) as err:
        redact(ws, kwargs.get("ref", ref), doc, login, terms=kwargs.get("terms", ["Priya Shah"]),
               regions=kwargs.get("regions", ()), reason=kwargs.get("reason", "third-party"), out=out)
    message = str(err.value)
    assert match in message and "\n" not in message
    assert dump(ws) == before
    assert not out.exists()


def test_the_copy_is_also_written_where_asked(ws, case, tmp_path):
    ref, doc_id, _, _ = case
    out = tmp_path / "redacted.pdf"
    filed = redact(ws, ref, doc_id, "dep", terms=["Priya Shah"], reason="third-party", out=str(out))
    assert filed.out == out and hashlib.sha256(out.read_bytes()).hexdigest() == filed.sha256
    assert out.stat().st_mode & 0o077 == 0
    with read(ws.engine) as s:
        last = s.execute(select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(1)).scalar_one()
    assert last.action == "export" and json.loads(last.data)["sha256"] == filed.sha256
    assert verify_all(ws, "mo").ok


def test_a_copy_relinked_behind_the_trail_is_found(ws, case):
    from sqlalchemy import text

    ref, doc_id, text_id, _ = case
    filed = redact(ws, ref, doc_id, "mo", terms=["Priya Shah"], reason="third-party")
    with ws.engine.begin() as conn:
        conn.execute(text("UPDATE document SET redacts_id = :other WHERE id = :copy"),
                     {"other": text_id, "copy": filed.document_id})
    found = verify_all(ws, "mo")
    assert not found.ok and f"document {filed.document_id} of {ref} is not linked" in found.message
    assert not verify_one(ws, "mo", ref).ok


def test_a_name_run_over_a_line_break_is_found_on_both_lines(ws, tmp_path):
    ref = open_case(ws, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", "Rude", "2026-09-01")
    path = ev.statement(tmp_path / "wrapped.pdf", [["It was seen by Priya", "Shah, who said so."]])
    doc = attach(ws, ref, str(path), "mo")
    filed = redact(ws, ref, doc, "mo", terms=["Priya Shah"], reason="third-party")
    _, data = stored(ws, filed.document_id)
    assert filed.matches == {1: 1}
    picture = render(data, 0, 200).convert("L")
    dark = picture.point(lambda v: 255 if v < 20 else 0)
    rows = [y for y in range(0, 400) if dark.crop((0, y, picture.width, y + 1)).getbbox()]
    bands = sum(1 for a, b in zip([-2, *rows], rows) if b - a > 1)
    assert bands == 2  # a box on each line
