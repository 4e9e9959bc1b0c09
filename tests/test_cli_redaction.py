"""`casework redact` through the command line, on SQLite and PostgreSQL: a redacted copy filed
beside the original and written where asked, the trail verifying; each refusal one line that
writes nothing."""

import evidence as ev
from cli_runner import checked, refused
from pypdf import PdfReader


def _case(db_url, tmp_path):
    run = checked(db_url, {"CASEWORK_PROFILE": "england"})
    run("init", "--name", "Mona Officer")
    run("people", "add", "--kind", "member", "--name", "Cllr Ann Jones")
    run("people", "add", "--kind", "officer", "--name", "Bob Smith")
    run("users", "add", "inv", "--name", "Ian Vestigator", "--role", "investigator")
    run("new", "--about", "Cllr Ann Jones", "--by", "Bob Smith", "--clause", "21.9.1",
        "--summary", "Rude in the car park")
    paper = ev.statement(tmp_path / "statement.pdf", [["Seen by Priya Shah."], ["Nothing more."]])
    run("attach", "MOP-2026-0001", str(paper), "--section", "witness-statements", "--exempt", "1")
    return run


def test_a_redacted_copy_is_filed_and_written(db_url, tmp_path):
    cli = _case(db_url, tmp_path)
    out = tmp_path / "copy.pdf"
    r = cli("redact", "MOP-2026-0001", "1", "--term", "priya shah", "--region", "2:10,10,50,20",
            "--reason", "third-party", "--out", str(out))
    assert r.out.strip() == (f"MOP-2026-0001: document 2 filed, a redacted copy of document 1 "
                             f"(2 marks on pages 1, 2); written to {out}")
    assert "priya" not in " ".join(p.extract_text() for p in PdfReader(out).pages).casefold()
    shown = cli("show", "MOP-2026-0001").out
    assert "[redacted copy of #1, third-party]" in shown
    assert "intact" in cli("audit", "verify").out


def test_refusals_are_one_line(db_url, tmp_path):
    cli = _case(db_url, tmp_path)
    refused(cli, "redact", "MOP-2026-0001", "1", "--term", "Nobody", "--reason", "third-party",
            match="is not in the text of document 1")
    refused(cli, "redact", "MOP-2026-0001", "1", "--term", "Priya", match="--reason CODE")
    refused(cli, "redact", "MOP-2026-0001", "1", "--region", "1:0,0,400,10", "--reason", "crime",
            match="is off the page: page 1 is 210 x 297 mm")
    refused(cli, "redact", "MOP-2026-0001", "1", "--term", "Priya", "--reason", "third-party",
            user="inv", match="an Investigating Officer cannot redact papers")
