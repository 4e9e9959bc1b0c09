"""Letters through the command line: issued, filed, copied out for the handler's eyes only, and
listed; a refusal is one line that files nothing."""

import json
import stat
from datetime import date

from cli_runner import checked, refused
from docx import Document
from pypdf import PdfReader


def test_a_letter_is_issued_filed_and_copied_out(sqlite_url, tmp_path):
    cli = checked(sqlite_url)
    cli("init", "--name", "Mona Officer")
    cli("people", "add", "--kind", "member", "--name", "Cllr Ann Jones")
    cli("people", "add", "--kind", "officer", "--name", "Bob Smith", "--service", "Planning")
    ref = cli("new", "--about", "Cllr Ann Jones", "--by", "Bob Smith", "--clause", "21.9.3",
              "--summary", "Shouted in a meeting").out.strip()
    out = tmp_path / "ack.pdf"
    said = cli("letter", ref, "acknowledgement", "--out", str(out)).out
    assert f"acknowledgement to Bob Smith (complainant) filed to {ref}" in said
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    text = " ".join(PdfReader(str(out)).pages[0].extract_text().split())
    assert "Dear Bob Smith" in text and ref in text and f"{date.today().day} " in text
    shown = json.loads(cli("show", ref, "--json").out)
    [doc] = [d for d in shown["documents"] if d["section"] == "correspondence"]
    assert doc["filename"].startswith(f"{ref}-acknowledgement-complainant-")
    assert any(e["action"] == "letter" and e["data"]["kind"] == "acknowledgement"
               for e in shown["history"])
    listed = cli("letters").out
    assert "subject-notice" in listed and "acas-invitation" in listed
    assert "reply_by" in cli("letters", "--fields").out
    refused(cli, "letter", ref, "thank-you", match="not a kind of letter")
    refused(cli, "letter", ref, "hearing-notice", match="write it with --text")
    refused(cli, "letter", ref, "acknowledgement", "--out", str(tmp_path), match="is a directory")
    refused(cli, "letter", ref, "acknowledgement", "--out", str(tmp_path / "a.txt"), match="should end in .pdf or .docx")
    # The same letter as a Word document, to finish in Word; the PDF is what is filed.
    word = tmp_path / "notice.docx"
    cli("letter", ref, "subject-notice", "--out", str(word))
    paragraphs = [p.text for p in Document(str(word)).paragraphs]
    assert "Dear Cllr Ann Jones," in paragraphs and any("Shouted in a meeting" in p for p in paragraphs)
    assert stat.S_IMODE(word.stat().st_mode) == 0o600


def test_a_letter_the_server_does_not_take_is_filed_and_said(sqlite_url):
    env = {"CASEWORK_SMTP_HOST": "127.0.0.1", "CASEWORK_SMTP_PORT": "1",  # nothing listens there
           "CASEWORK_SMTP_SECURITY": "none", "CASEWORK_SMTP_FROM": "standards@example.gov.uk"}
    cli = checked(sqlite_url, env=env)
    cli("init", "--name", "Mona Officer")
    cli("people", "add", "--kind", "member", "--name", "Cllr Ann Jones")
    cli("people", "add", "--kind", "officer", "--name", "Bob Smith", "--service", "Planning")
    ref = cli("new", "--about", "Cllr Ann Jones", "--by", "Bob Smith", "--clause", "21.9.3",
              "--summary", "Shouted in a meeting").out.strip()
    refused(cli, "letter", ref, "acknowledgement", "--send", match="has no email address")
    assert "letters to Bob Smith go to bob@example.gov.uk" in cli(
        "people", "email", "Bob Smith", "bob@example.gov.uk").out
    r = cli("letter", ref, "acknowledgement", "--send", ok=False)
    assert r.code == 1 and "filed to" in r.out
    assert r.err.count("\n") == 1 and "filed but not sent: the mail server could not be reached" in r.err
    [unsent] = json.loads(cli("show", ref, "--json").out)["unsent_letters"]
    assert unsent["kind"] == "acknowledgement"
