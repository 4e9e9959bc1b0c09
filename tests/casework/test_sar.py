"""Subject access requests on SQLite and PostgreSQL: everything about the requester found
across three cases, nothing about others given unredacted, the deadline counted as the ICO
counts it, and every refusal one line that changes nothing."""

import csv
import hashlib
import json
import os
import stat
from datetime import date

import pytest
from helpers import dump, link_user_to_person
from pypdf import PdfReader
from sar_cases import OTHER_NAMES, OTHERS_ONLY, three_cases
from sqlalchemy import select

from casework.errors import NotFound, Refused, UserError
from casework.redaction.service import redact
from casework.sar.pack import make_pack
from casework.sar.requests import answer_request, extend_request, list_requests, open_request
from casework.transaction import read
from db.models import AuditEvent


def pdf_text(path) -> str:
    """The pack's words as a reader's copy-and-paste finds them, spaces made single."""
    return " ".join(" ".join(p.extract_text() or "" for p in PdfReader(path).pages).split())


def events(ws, action="sar"):
    with read(ws.engine) as s:
        rows = s.execute(select(AuditEvent).where(AuditEvent.action == action)
                         .order_by(AuditEvent.seq)).scalars().all()
        return [(e.actor, e.case_ref, json.loads(e.data)) for e in rows]


@pytest.fixture
def cases(ws, tmp_path):
    return three_cases(ws, tmp_path)


def test_the_pack_holds_everything_about_the_requester_and_nothing_about_others(ws, cases, tmp_path):
    number = open_request(ws, "mo", "Cllr Ann Jones", "2026-11-02")
    made = make_pack(ws, "mo", str(number), tmp_path / "pack")
    keys = {line["item"]: line for line in csv.DictReader(made.sheet.open())}
    text = pdf_text(made.pdf)
    notes = cases["notes"]
    # Her register entry, both her cases, the notes on them and the note naming her elsewhere.
    for words in ("Your entry in the register", cases["own"], cases["about"],
                  "denies raising his voice to Cllr Ann Jones",
                  "Cllr Ann Jones was told of the complaint",
                  "Ann Jones was at the meeting and confirms the dates",
                  "criticised an officer in a public meeting", "you made the complaint",
                  "the complaint is about you"):
        assert words in text, words
    assert f"N{notes['named']}" in text and f"N{notes['elsewhere']}" not in text
    # The third case is hers only through that note: not its summary, other notes or papers.
    for words in OTHERS_ONLY:
        assert words.casefold() not in text.casefold()
    for name in OTHER_NAMES:
        assert name not in text.casefold(), name
    # The statement names Bob Smith, so it waits for review and is withheld meanwhile.
    statement = f"D{cases['papers']['statement']}"
    assert keys[statement]["names others"] == "Bob Smith"
    assert "casework redact" in keys[statement]["to do"]
    assert "I was in the car park" not in text
    log = list(csv.DictReader(made.log.open()))
    assert {"item": statement, "action": "withheld", "code": "third-party"}.items() <= \
        next(r for r in log if r["item"] == statement).items()
    # The log, for the requester, says how much was withheld, never whose name it was.
    assert not any(n in made.log.read_text().casefold() for n in OTHER_NAMES)
    assert stat.S_IMODE(os.stat(made.pdf.parent).st_mode) == 0o700
    for f in (made.pdf, made.log, made.sheet):
        assert stat.S_IMODE(os.stat(f).st_mode) == 0o600
    packed = events(ws)[-1][2]
    assert packed["step"] == "pack" and packed["sha256"] == hashlib.sha256(made.pdf.read_bytes()).hexdigest()
    assert {ref for _, ref, d in events(ws, "export") if "subject access" in d["what"]} == \
        {cases["own"], cases["about"], cases["other"]}


def test_the_newest_redacted_copy_is_given_and_the_answer_records_the_pack(ws, cases, tmp_path):
    number = open_request(ws, "mo", "Cllr Ann Jones", "2026-11-02")
    doc = cases["papers"]["statement"]
    redact(ws, cases["own"], doc, "dep", terms=["Bob Smith"], reason="third-party")
    made = make_pack(ws, "mo", "Cllr Ann Jones", tmp_path / "pack")
    text = pdf_text(made.pdf)
    # The page that named him is burnt in, as redacted pages are; the other keeps its words.
    assert "I was in the car park on 3 September" in text
    assert "bob smith" not in text.casefold()
    row = next(r for r in csv.DictReader(made.log.open()) if r["item"] == f"D{doc}")
    assert (row["action"], row["code"]) == ("redacted copy given", "third-party")
    # A pack read back: every page there, the index first.
    pages = PdfReader(made.pdf).pages
    assert len(pages) == made.pages and "Response to a subject access request" in pages[0].extract_text()

    stale = tmp_path / "stale.pdf"
    stale.write_bytes(made.pdf.read_bytes() + b"\n")
    before = dump(ws)
    with pytest.raises(Refused, match="not the newest pack"):
        answer_request(ws, "mo", number, stale)
    assert dump(ws) == before
    digest = answer_request(ws, "dep", number, made.pdf.parent)
    assert {"sar_id": number, "step": "answer", "sha256": digest, "on": "2026-11-20",
            "late": False}.items() <= events(ws)[-1][2].items()
    assert list_requests(ws, "mo")[0]["status"] == "answered"
    with pytest.raises(NotFound, match="no open subject access request"):
        make_pack(ws, "mo", "Cllr Ann Jones", tmp_path / "again")


def test_the_handler_withholds_releases_and_discloses_by_item(ws, cases, tmp_path):
    number = open_request(ws, "mo", "Cllr Ann Jones", "2026-11-02")
    notes, doc = cases["notes"], cases["papers"]["statement"]
    made = make_pack(ws, "mo", number, tmp_path / "pack", withhold=[f"N{notes['about']}=privilege"],
                     release=[f"D{doc}"], disclose=["Olive Manager"])
    text = pdf_text(made.pdf)
    assert "Cllr Ann Jones was told of the complaint" not in text
    assert "Bob Smith came over and shouted" in text  # released as filed, once reviewed
    assert "Made by: Olive Manager" in text and "tom price" not in text.casefold()
    row = next(r for r in csv.DictReader(made.log.open()) if r["item"] == f"N{notes['about']}")
    assert row["code"] == "privilege" and "legal professional privilege" in row["ground"]
    decided = events(ws)[-1][2]["decided"]
    assert decided["withheld"] == {f"N{notes['about']}": "privilege"} and decided["released"] == [f"D{doc}"]
    assert decided["disclosed_sha256"] == [hashlib.sha256(b"olive manager").hexdigest()]
    before = dump(ws)
    for kwargs, said in ((dict(withhold=["N999999=privilege"]), "no item N999999"),
                         (dict(withhold=[f"N{notes['own']}=because"]), "not a ground"),
                         (dict(release=[f"N{notes['own']}"]), "nothing to release")):
        with pytest.raises(UserError, match=said):
            make_pack(ws, "mo", number, tmp_path / "refused", **kwargs)
    assert dump(ws) == before and not (tmp_path / "refused").exists()


def test_only_the_monitoring_officer_and_deputies_and_an_unknown_person_changes_nothing(ws, cases, tmp_path):
    before = dump(ws)
    for login in ("hr", "clerk", "inv", "ip", "view"):
        with pytest.raises(Refused, match="cannot deal with subject access requests"):
            open_request(ws, login, "Cllr Ann Jones", "2026-11-02")
    with pytest.raises(NotFound, match="no one called 'Cllr Nobody' in the register"):
        open_request(ws, "mo", "Cllr Nobody", "2026-11-02")
    with pytest.raises(UserError, match="in the future"):
        open_request(ws, "mo", "Cllr Ann Jones", "2026-12-01")
    # The Monitoring Officer as Mo Officer in the register: a deputy answers her own request.
    link_user_to_person(ws, "mo", "Mo Officer")
    before = dump(ws)
    with pytest.raises(Refused, match="answered by a deputy"):
        open_request(ws, "mo", "Mo Officer", "2026-11-02")
    assert dump(ws) == before
    number = open_request(ws, "dep", None, "2026-11-02", requester="Priya Shah", aliases=["P. Shah"])
    before = dump(ws)
    with pytest.raises(Refused, match="cannot deal with subject access"):
        make_pack(ws, "hr", number, tmp_path / "pack")
    with pytest.raises(Refused, match="cannot deal with subject access"):
        list_requests(ws, "view")
    assert dump(ws) == before and not (tmp_path / "pack").exists()


def test_someone_outside_the_register_is_found_by_the_names_they_give(ws, cases, tmp_path):
    from casework.cases.papers import annotate

    annotate(ws, cases["other"], "P. Shah, a resident, wrote in support of Cllr Tom Price", "dep")
    number = open_request(ws, "dep", None, "2026-11-02", requester="Priya Shah", aliases=["P. Shah"])
    made = make_pack(ws, "dep", number, tmp_path / "pack")
    text = pdf_text(made.pdf)
    assert "P. Shah, a resident, wrote in support of [withheld: third party]" in text
    assert "register" not in text.split("Item What Date Given")[1].split()[:40]


def test_the_deadline_is_one_calendar_month_and_extends_by_two_within_it(ws):
    from casework.sar.deadline import add_months, due_day

    assert add_months(date(2027, 1, 31), 1) == date(2027, 2, 28)
    assert add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert add_months(date(2026, 9, 3), 1) == date(2026, 10, 3)
    cal = ws.calendar
    assert due_day(cal, date(2028, 1, 31)) == date(2028, 2, 29)  # a Tuesday
    assert due_day(cal, date(2027, 1, 31)) == date(2027, 3, 1)  # 28 February 2027 is a Sunday
    assert due_day(cal, date(2026, 11, 25)) == date(2026, 12, 29)  # past Christmas and Boxing Day
    number = open_request(ws, "mo", "Cllr Ann Jones", "2026-10-31")
    assert list_requests(ws, "mo")[0]["due"] == "2026-11-30"
    assert extend_request(ws, "dep", number, 2, "Complex: papers on three cases") == date(2027, 2, 1)  # 31 January is a Sunday
    before = dump(ws)
    with pytest.raises(Refused, match="the most is 2"):
        extend_request(ws, "mo", number, 1, "More")
    with pytest.raises(UserError, match="--months must be 1 or 2"):
        extend_request(ws, "mo", number, 3, "More")
    with pytest.raises(NotFound, match="no subject access request 99"):
        extend_request(ws, "mo", 99, 1, "More")
    with pytest.raises(Refused, match="already has request 1 open"):
        open_request(ws, "dep", "cllr ann jones", "2026-11-19")
    assert dump(ws) == before
    late = open_request(ws, "mo", "Cllr Tom Price", "2026-10-01")
    before = dump(ws)
    with pytest.raises(Refused, match="first month ended on 2026-11-02"):
        extend_request(ws, "mo", late, 1, "Complex")
    assert dump(ws) == before
    assert [e[2]["step"] for e in events(ws)] == ["open", "extend", "open"]


def test_papers_elsewhere_are_searched_by_their_words_when_asked(ws, cases, tmp_path):
    import evidence as ev

    from casework.cases.opening import open_case
    from casework.cases.papers import attach

    unrelated = open_case(ws, "dep", "Cllr Tom Price", "Bob Smith", "21.9.1", "A curt email", "2026-10-01")
    letter = ev.statement(tmp_path / "letter.pdf", [["Copied to Cllr Ann Jones for her information."]])
    doc = attach(ws, unrelated, str(letter), "dep", "evidence", description="Letter")
    number = open_request(ws, "mo", "Cllr Ann Jones", "2026-11-02")
    assert f"D{doc}" not in pdf_text(make_pack(ws, "mo", number, tmp_path / "a").pdf)
    made = make_pack(ws, "mo", number, tmp_path / "b", every_paper=True)
    assert "Copied to Cllr Ann Jones for her information" in pdf_text(made.pdf)


def test_a_monitoring_officer_in_one_of_the_cases_leaves_the_pack_to_a_deputy(ws, cases, tmp_path):
    link_user_to_person(ws, "mo", "Bob Smith")
    number = open_request(ws, "dep", "Cllr Ann Jones", "2026-11-02")
    before = dump(ws)
    with pytest.raises(Refused, match="you are a party to MOP-2026-0001.*or deputy must make this pack"):
        make_pack(ws, "mo", number, tmp_path / "pack")
    assert dump(ws) == before and not (tmp_path / "pack").exists()


def test_a_name_to_disclose_must_be_someone_elses_in_the_register(ws, cases, tmp_path):
    number = open_request(ws, "mo", "Cllr Ann Jones", "2026-11-02")
    before = dump(ws)
    for name in ("Bob Smyth", "Cllr Ann Jones"):
        with pytest.raises(UserError, match="no one else in the register is called that"):
            make_pack(ws, "mo", number, tmp_path / "pack", disclose=[name])
    assert dump(ws) == before and not (tmp_path / "pack").exists()


def test_a_picture_waits_for_review_and_is_placed_once_released(ws, cases, tmp_path):
    import evidence as ev

    from casework.cases.papers import attach

    photo = attach(ws, cases["own"], str(ev.png(tmp_path / "car-park.png")), "dep", "evidence",
                   description="Photograph of the car park")
    number = open_request(ws, "mo", "Cllr Ann Jones", "2026-11-02")
    made = make_pack(ws, "mo", number, tmp_path / "a")
    row = next(r for r in csv.DictReader(made.log.open()) if r["item"] == f"D{photo}")
    assert (row["action"], row["code"]) == ("withheld", "unchecked")
    again = make_pack(ws, "mo", number, tmp_path / "b", release=[f"D{photo}"])
    assert again.pages == made.pages + 2  # its cover and the picture
    assert f"D{photo}: Paper {photo} on {cases['own']}: Photograph of the car park" in pdf_text(again.pdf)
