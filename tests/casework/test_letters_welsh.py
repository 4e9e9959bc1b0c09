"""Letters in Welsh (issue 19, item 6): a council in Wales writes to someone who asked for Welsh
in Welsh first and English beside it, dates in Welsh; a letter with no Welsh text yet is refused,
never sent in English alone; in England the same person's letters are in English."""

import io

import pytest
from docx import Document
from helpers import dump, populated_workspace
from pypdf import PdfReader

from casework.cases.assessment import anonymity
from casework.cases.opening import open_case
from casework.errors import UserError
from casework.letters.issue import issue_letter
from casework.people.addresses import set_person_language


def _pages(pdf: bytes) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages]


@pytest.fixture
def wales(tmp_path):
    ws = populated_workspace(f"sqlite:///{tmp_path}/c.db", "wales")
    set_person_language(ws, "mo", "Bob Smith", "cy")
    ref = open_case(ws, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", "Shouted in a meeting",
                    "2026-11-16")
    return ws, ref


def test_a_welsh_speaker_gets_welsh_first_and_english_beside_it(wales):
    ws, ref = wales
    done = issue_letter(ws, ref, "acknowledgement", "mo")
    welsh, english = _pages(done.pdf)
    assert "Annwyl Bob Smith" in welsh and "Ein cyfeirnod: " + ref in welsh
    assert "20 Tachwedd 2026" in welsh and "16 Tachwedd 2026" in welsh  # babel's Welsh months
    assert "gŵyn" in welsh and "Swyddog Monitro" in welsh  # ŵ kept, the role in Welsh
    assert "Dear Bob Smith" in english and "20 November 2026" in english
    paragraphs = [p.text for p in Document(io.BytesIO(done.docx())).paragraphs]
    assert paragraphs.index("Annwyl Bob Smith,") < paragraphs.index("Dear Bob Smith,")


def test_every_letter_of_a_council_in_wales_has_its_welsh_text(wales):
    from casework.cases.assignments import grant
    from casework.letters.kinds import KINDS

    ws, member = wales
    set_person_language(ws, "mo", "Cllr Ann Jones", "cy")
    officer = open_case(ws, "mo", "Bob Smith", "Cllr Tom Price", "21.9.1", "Curt", "2026-11-16")
    grant(ws, member, "ip", "mo")
    refs = {"member": member, "officer": officer}
    welsh = 0
    for kind, spec in KINDS.items():
        if "wales" not in spec.regimes:
            continue
        for route in spec.routes:
            party = "subject" if "subject" in spec.to else spec.to[0]
            login = "hr" if route == "officer" else "mo"
            done = issue_letter(ws, refs[route], kind, login, party,
                                details="Neuadd y Sir, 10am / County Hall, 10am")
            pages = _pages(done.pdf)
            if done.to in ("Cllr Ann Jones", "Bob Smith"):  # who asked for Welsh
                assert "Annwyl" in pages[0] and "Yn gywir" in pages[0], (kind, pages[0])
                assert any("Dear " in p for p in pages[1:]), kind
                welsh += 1
            else:
                assert "Annwyl" not in " ".join(pages)
            assert "{{" not in " ".join(pages)
    assert welsh >= 9


def test_no_welsh_text_means_no_letter_rather_than_english_alone(wales, tmp_path, monkeypatch):
    import shutil

    from casework.letters import templates

    ws, ref = wales
    bare = tmp_path / "builtin"  # the built-in sets without the Welsh pause letter
    shutil.copytree(templates.BUILT_IN, bare)
    (bare / "wales" / "cy" / "pause.txt").unlink()
    monkeypatch.setattr(templates, "BUILT_IN", bare)
    before = dump(ws)
    with pytest.raises(UserError, match="asked for letters in Welsh and there is no Welsh pause letter"):
        issue_letter(ws, ref, "pause", "mo")
    assert dump(ws) == before
    # The other party wrote in English: theirs is in English only.
    assert len(_pages(issue_letter(ws, ref, "pause", "mo", "subject").pdf)) == 1


def test_a_withheld_complainant_is_not_named_in_welsh_either(wales):
    ws, ref = wales
    set_person_language(ws, "mo", "Cllr Ann Jones", "cy")
    anonymity(ws, ref, "request", "mo", "Fears reprisal")
    welsh, english = _pages(issue_letter(ws, ref, "subject-notice", "mo").pdf)
    assert "gan yr achwynydd" in welsh and "from the complainant" in english
    assert "Bob Smith" not in welsh + english


def test_in_england_the_letters_are_in_english(tmp_path):
    ws = populated_workspace(f"sqlite:///{tmp_path}/c.db")
    set_person_language(ws, "mo", "Bob Smith", "cy")
    ref = open_case(ws, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", "Rude", "2026-11-16")
    [page] = _pages(issue_letter(ws, ref, "acknowledgement", "mo").pdf)
    assert "Dear Bob Smith" in page
    with pytest.raises(UserError, match="use cy \\(Welsh\\) or en"):
        set_person_language(ws, "mo", "Bob Smith", "fr")


def test_the_letters_print_in_the_font_casework_ships(wales):
    """Welsh ŵ and ŷ need a font that has them: DejaVu Sans, shipped in casework itself, not
    whatever the machine has installed."""
    from reportlab.pdfbase import pdfmetrics

    from casework.bundle.typeface import SHIPPED, fonts

    ws, ref = wales
    pdf = issue_letter(ws, ref, "acknowledgement", "mo").pdf
    fonts()
    assert pdfmetrics.getFont("Body").face.filename == str(SHIPPED / "DejaVuSans.ttf")
    reader = PdfReader(io.BytesIO(pdf))
    used = {str(f["/BaseFont"]) for page in reader.pages
            for f in page["/Resources"]["/Font"].values() if "/BaseFont" in f}
    assert any("DejaVuSans" in name for name in used), used
    assert "gŵyn" in _pages(pdf)[0]
