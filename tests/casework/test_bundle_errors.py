"""A bundle that cannot be made whole is not made at all: one clear line, no file, no audit."""

import evidence as ev
import pytest
from cli_runner import run_cli
from helpers import dump
from sqlalchemy import text

from casework.bundle.build import bundle
from casework.cases.opening import open_case
from casework.cases.papers import attach
from casework.errors import Refused, UserError


@pytest.fixture
def ref(ws, tmp_path):
    ref = open_case(ws, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", "Shouted", "2026-09-01")
    attach(ws, ref, str(ev.pdf(tmp_path / "complaint.pdf", 2)), "mo", "complaint")
    return ref


def _refuses(ws, ref, tmp_path, match, login="clerk", **kw):
    out_dir = tmp_path / "out"
    out_dir.mkdir(exist_ok=True)
    before = dump(ws)
    with pytest.raises(UserError, match=match) as err:
        bundle(ws, ref, login, out_dir / "bundle.pdf", **kw)
    assert "\n" not in str(err.value)
    assert list(out_dir.iterdir()) == [], "a partial bundle was left behind"
    assert dump(ws) == before


def test_encrypted_evidence_is_named(ws, ref, tmp_path):
    attach(ws, ref, str(ev.encrypted_pdf(tmp_path / "locked.pdf")), "mo", "evidence")
    _refuses(ws, ref, tmp_path, r"document 2 \(locked.pdf\) is encrypted with a password")


@pytest.mark.parametrize("body", [
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF",
    b"%PDF-1.7\n" + bytes(range(256)) * 40,
])
def test_damaged_evidence_is_named(ws, ref, tmp_path, body):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(body)
    attach(ws, ref, str(bad), "mo", "evidence")
    _refuses(ws, ref, tmp_path, r"document 2 \(broken.pdf\) (is damaged|has no pages)")


def test_an_image_that_is_not_one_is_named(ws, ref, tmp_path):
    fake = tmp_path / "photo.jpg"
    fake.write_bytes(b"\xff\xd8\xff begins like a JPEG, then is not one")
    attach(ws, ref, str(fake), "mo", "evidence")
    _refuses(ws, ref, tmp_path, r"document 2 \(photo.jpg\) is not a readable image")


def test_a_format_the_bundle_cannot_show_is_refused(ws, ref, tmp_path):
    doc = tmp_path / "report.docx"
    doc.write_bytes(b"PK\x03\x04 word")
    attach(ws, ref, str(doc), "mo", "evidence")
    _refuses(ws, ref, tmp_path, r"report.docx\) is .*attach it again as a PDF")


def test_evidence_changed_in_the_store_is_reported_not_bound(ws, ref, tmp_path):
    with ws.engine.begin() as conn:
        conn.execute(text("UPDATE blob SET data = :d"), {"d": b"%PDF-1.4 forged"})
    _refuses(ws, ref, tmp_path, r"complaint.pdf\) no longer matches its SHA-256")


def test_bad_output_and_dates(ws, ref, tmp_path):
    _refuses(ws, ref, tmp_path, "is not a date", hearing="31/02/2026")
    _refuses(ws, ref, tmp_path, "is not a date", hearing="next Thursday")
    with pytest.raises(UserError, match="does not exist; create it first"):
        bundle(ws, ref, "clerk", tmp_path / "nowhere" / "b.pdf")
    with pytest.raises(UserError, match="is a directory"):
        bundle(ws, ref, "clerk", tmp_path)


def test_who_may_bundle(ws, ref, tmp_path):
    for login in ("view", "inv", "ip", "hr"):
        with pytest.raises(Refused):
            bundle(ws, ref, login, tmp_path / f"{login}.pdf")
        assert not (tmp_path / f"{login}.pdf").exists()
    bundle(ws, ref, "dep", tmp_path / "dep.pdf")


def test_command_line(ws, ref, tmp_path, db_url):
    out = tmp_path / "b.pdf"
    ok = run_cli(db_url, "bundle", ref, "--out", str(out), "--hearing", "2026-12-10", user="clerk")
    assert ok.code == 0, ok.err
    assert f"{ref}: {out} written, 5 pages, 1 paper\n" in ok.out
    bad = run_cli(db_url, "bundle", ref, "--out", str(tmp_path / "c.pdf"), "--hearing", "soon", user="clerk")
    assert bad.code == 2 and bad.err.count("\n") == 1 and "--hearing" in bad.err
    exempt = run_cli(db_url, "attach", ref, str(out), "--exempt", "99")
    assert exempt.code == 2 and "not a paragraph of Schedule 12A" in exempt.err
