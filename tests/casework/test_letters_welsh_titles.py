"""Letters in Welsh say everything in Welsh (issue 19): the clause, the stage and the sanction
by their Welsh titles, a Welsh and English foot line on every page of the PDF and the .docx, and
the Ombudsman's address in both halves of every letter that mentions the Ombudsman."""

import io

import pytest
from docx import Document
from helpers import acas_papers, assessed, draft_shared, dump, heard, populated_workspace
from pypdf import PdfReader

from casework.cases.advance import advance
from casework.cases.opening import open_case
from casework.cases.papers import attach, record_sanction
from casework.errors import UserError
from casework.letters import ombudsman
from casework.letters.issue import issue_letter
from casework.letters.kinds import KINDS
from casework.people.addresses import set_person_language
from casework.profile.tools import init_profile

WHERE = "Siambr y Cyngor, Tŷ'r Cyngor, 10am / Council Chamber, the council's house, 10am"
# What each case's Welsh half must say, and what its English half says in its place.
CLAUSE = {"member": ("Bwlio neu aflonyddu", "Bullying or harassment"),
          "officer": ("Ateb gohebiaeth o fewn pum diwrnod gwaith", "Reply to correspondence within five working days")}
SANCTION = {"reg9-notice": ("Cerydd", "Censure"),
            "acas-outcome": ("Rhybudd ysgrifenedig cyntaf", "First written warning")}


def _pages(pdf: bytes) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages]


def _halves(pages: list[str]) -> tuple[str, str]:
    first_english = next(i for i, p in enumerate(pages) if "Dear " in p)
    return " ".join(pages[:first_english]), " ".join(pages[first_english:])


@pytest.fixture
def wales(tmp_path):
    ws = populated_workspace(f"sqlite:///{tmp_path}/c.db", "wales")
    for person in ("Bob Smith", "Cllr Ann Jones", "Cllr Tom Price"):
        set_person_language(ws, "mo", person, "cy")
    member = open_case(ws, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", "Shouted", "2026-09-01")
    advance(ws, member, "refer_to_monitoring_officer", "mo", on="2026-09-02")
    assessed(ws, member, on="2026-09-03")
    advance(ws, member, "refer_to_ombudsman", "mo", on="2026-09-03", note="a code complaint")
    referred = open_case(ws, "mo", "Cllr Tom Price", "Bob Smith", "21.9.3", "Rude", "2026-09-01")
    advance(ws, referred, "refer_to_monitoring_officer", "mo", on="2026-09-02")
    assessed(ws, referred, on="2026-09-03")
    advance(ws, referred, "refer_to_ombudsman", "mo", on="2026-09-03", note="a code complaint")
    advance(ws, member, "ombudsman_refers_for_investigation", "mo", on="2026-09-03")
    draft_shared(ws, member, on="2026-10-01")
    advance(ws, member, "complete_investigation", "inv", on="2026-10-01")
    report = tmp_path / "report.txt"
    report.write_text("report")
    attach(ws, member, str(report), "inv", section="investigation-report")
    advance(ws, member, "refer_to_hearing", "mo", on="2026-10-05", note="for the committee")
    heard(ws, member, on="2026-10-05")
    advance(ws, member, "find_breach", "clerk", on="2026-11-02", note="breach of the code")
    record_sanction(ws, member, "censure", "clerk", on="2026-11-02")
    officer = open_case(ws, "hr", "Bob Smith", "Cllr Tom Price", "21.10.3", "No reply", "2026-09-01")
    advance(ws, officer, "refer_to_line_manager", "hr", on="2026-09-02")
    advance(ws, officer, "escalate", "hr", on="2026-09-20")
    advance(ws, officer, "escalate", "hr", on="2026-10-01")
    acas_papers(ws, officer, on="2026-10-15")
    advance(ws, officer, "find_breach", "hr", note="misconduct", on="2026-10-20")
    record_sanction(ws, officer, "first-written-warning", "hr", detail="12 months")
    return ws, {"member": member, "officer": officer, "referred": referred}


def _issue_all(ws, refs):
    """Every letter of the Wales set, to every party it may go to, on each route."""
    for kind, spec in KINDS.items():
        if "wales" not in spec.regimes:
            continue
        for route in spec.routes:
            with_ombudsman = kind in ("assessment-outcome", "pause") and route == "member"
            cases = [refs[route]] + ([refs["referred"]] if with_ombudsman else [])
            for ref in cases:
                for party in spec.to:
                    login = "hr" if route == "officer" else "mo"
                    yield kind, route, party, issue_letter(ws, ref, kind, login, party, details=WHERE)


def test_every_welsh_letter_says_its_titles_in_welsh_with_a_foot_line_on_every_page(wales):
    ws, refs = wales
    seen = {"clause": 0, "ŵ": 0, "welsh": 0, "ombudsman": 0, "stage": 0, "sanction": 0}
    for kind, route, party, done in _issue_all(ws, refs):
        pages = _pages(done.pdf)
        for n, page in enumerate(pages, 1):  # the foot line, on every page
            foot = f"Page {n} of {len(pages)}"
            assert (f"Tudalen {n} o {len(pages)} / {foot}" if party != "ombudsman" else foot) in page, (kind, n)
        paragraphs = "\n".join(p.text for p in Document(io.BytesIO(done.docx())).paragraphs)
        footer = Document(io.BytesIO(done.docx())).sections[0].footer
        if party == "ombudsman":  # the Ombudsman's letters are in English, to its address
            assert "Tudalen" not in footer.paragraphs[0].text and "Page 1 of" in footer.paragraphs[0].text
            assert all(line in pages[0] for line in ombudsman.POSTAL), pages[0]
            # Greeted by its title, not by the name of the office with its article.
            assert "Dear Ombudsman," in paragraphs and "Dear The" not in paragraphs, paragraphs
            continue
        seen["welsh"] += 1
        welsh, english = _halves(pages)
        cy, en = CLAUSE[route]
        assert en not in welsh, (kind, welsh)
        if en in english:  # a letter that names the clause names it in Welsh in its Welsh half
            assert cy in welsh and cy in paragraphs, (kind, welsh)
            seen["clause"] += 1
        assert "Cyngor Sir Enghreifftiol" in welsh and "Example County Council" in english
        if "gŵyn" in welsh:  # ŵ kept, in the PDF and the .docx
            assert "gŵyn" in paragraphs
            seen["ŵ"] += 1
        if KINDS[kind].asks:  # what the person issuing it wrote in: ŷ kept
            assert "Tŷ'r Cyngor" in welsh and "Tŷ'r Cyngor" in paragraphs, kind
        if kind in SANCTION:
            cy_title, en_title = SANCTION[kind]
            assert cy_title in welsh and en_title not in welsh and en_title in english, (kind, welsh)
            assert cy_title in paragraphs
            seen["sanction"] += 1
        if kind == "assessment-outcome" and done.prepared.fields["state"] == "sanctions":
            assert "Canfuwyd achos o dorri'r protocol: sancsiynau" in welsh and "Breach found: sanctions" in english
            seen["stage"] += 1
        if kind == "pause" and done.prepared.fields["with_ombudsman"]:  # why, in each language
            assert "mae'r Ombwdsmon yn ystyried y mater" in welsh
            assert "the Ombudsman is considering the matter" in english
        for half, language in ((welsh, "cy"), (english, "en")):
            if ombudsman.mentions(half):  # every letter naming the Ombudsman says where to find it
                assert all(line in half for line in ombudsman.address(language).splitlines()), (kind, half)
                seen["ombudsman"] += 1
        assert "Ombwdsmon Gwasanaethau Cyhoeddus Cymru" in welsh or not ombudsman.mentions(welsh)
        # The .docx: one section, its footer on every page, Word's page fields in both languages.
        xml = footer._element.xml
        assert "Tudalen 1 o 1 / Page 1 of 1" in footer.paragraphs[0].text
        assert " PAGE " in xml and " NUMPAGES " in xml and footer.is_linked_to_previous is False
        assert len(Document(io.BytesIO(done.docx())).sections) == 1
    assert seen["welsh"] >= 14 and seen["clause"] >= 10 and seen["ŵ"] >= 10 and seen["sanction"] == 3 and seen["stage"] == 2
    assert seen["ombudsman"] >= 10  # acknowledgements, referral and pause letters, both halves


def test_a_welsh_letter_whose_clause_has_no_welsh_title_is_refused_naming_the_line(tmp_path):
    mine = init_profile(tmp_path / "p.toml", "wales")
    mine.write_text(mine.read_text().replace('"21.9.3" = "Bwlio neu aflonyddu"\n', "", 1))
    ws = populated_workspace(f"sqlite:///{tmp_path}/c.db", str(mine))
    ref = open_case(ws, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", "Shouted", "2026-11-16")
    issue_letter(ws, ref, "acknowledgement", "mo")  # in English: nothing missing
    set_person_language(ws, "mo", "Bob Smith", "cy")
    before = dump(ws)
    with pytest.raises(UserError) as err:
        issue_letter(ws, ref, "acknowledgement", "mo")
    said = str(err.value)
    assert "\n" not in said and 'clauses."21.9.3" ("Bullying or harassment", line ' in said
    line = int(said.split(", line ")[1].split(")")[0])
    assert mine.read_text().splitlines()[line - 1] == '"21.9.3" = "Bullying or harassment"'
    assert dump(ws) == before
