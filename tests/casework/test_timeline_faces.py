"""A case's timeline has one record of each stage (entered, left, working days, due, met or
missed); the text, the CSV, the JSON and the PDF all show that record, each stage's deadline
against the stage itself, on every case of the demo."""

import csv
import io
import json
from datetime import date

import pytest
from helpers import assessed, make_workspace
from pypdf import PdfReader
from sqlalchemy import select
from sqlmodel import Session

from casework.bundle.timeline_pdf import timeline_pdf
from casework.cases.advance import advance
from casework.cases.opening import open_case
from casework.cases.timeline import render, stage_line, timeline, until, verdict
from casework.demo.council import build
from casework.profile.deadlines import due_date
from casework.workflow.stages import CLOCK_STOPPED
from db.models import Case


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    ws = make_workspace(f"sqlite:///{tmp_path_factory.mktemp('demo')}/demo.db")
    build(ws, "mo", 40, 2026)
    with Session(ws.engine) as s:
        refs = list(s.execute(select(Case.ref).order_by(Case.ref)).scalars())
    return ws, refs


def _uk(day):
    return f"{day[8:10]}/{day[5:7]}/{day[:4]}" if day else None


def test_each_stage_is_dated_and_timed_by_its_own_entry(demo):
    ws, refs = demo
    for ref in refs:
        tl = timeline(ws, ref, "mo")
        moves = [r for r in tl["rows"] if r["to"]]
        assert len(moves) == len(tl["stages"]), ref  # each move enters one stage
        for move, st in zip(moves, tl["stages"]):
            assert (st["title"], st["entered"]) == (move["to"], move["on"]), ref
            if st["stage"] in CLOCK_STOPPED:
                continue  # due at its review date, if any (test_pauses.py)
            due = due_date(ws.profile, ws.calendar, st["stage"], date.fromisoformat(st["entered"]))
            assert st["due"] == (due.isoformat() if due else None), ref
        for r in moves:
            if r["stage_left"] is not None:
                left = tl["stages"][r["stage_left"]]
                # the row leaving a stage carries that stage's figures, named for it
                assert (r["from"], r["days_in_stage"], r["due"], r["met"]) == \
                    (left["title"], left["working_days"], left["due"], left["met"]), ref
                assert left["left"] == r["on"]


def test_text_csv_json_and_pdf_agree_on_every_case_of_the_demo(demo):
    ws, refs = demo
    seen_stages = 0
    for ref in refs:
        tl = timeline(ws, ref, "mo")
        stages = tl["stages"]
        seen_stages += len(stages)

        assert json.loads(render(tl, "json"))["stages"] == stages

        text = render(tl, "text")
        for st in stages:
            assert "  " + stage_line(st) + "\n" in text, ref

        by_seq = {r["seq"]: r for r in tl["rows"]}
        for row in csv.DictReader(io.StringIO(render(tl, "csv"))):
            source = by_seq[int(row["seq"])]
            if source["stage_left"] is not None:
                left = stages[source["stage_left"]]
                assert row["from"] == left["title"] and row["due"] == (left["due"] or "")
                assert row["days_in_stage"] == ("" if left["ended"] else str(left["working_days"]))
                assert row["met"] == {True: "True", False: "False", None: ""}[left["met"]]

        reader = PdfReader(io.BytesIO(timeline_pdf(tl, "Example District Council")))
        lines = [line.strip() for page in reader.pages for line in page.extract_text().splitlines()]
        table = lines[lines.index("Stages and their deadlines"):lines.index("Events")]
        for st in stages:
            cells = [st["title"], _uk(st["entered"]), _uk(st["left"]) or until(st),
                     "" if st["working_days"] is None else str(st["working_days"]),
                     _uk(st["due"]), verdict(st)]
            cells = [c for c in cells if c]
            at = table.index(cells[0])
            assert table[at:at + len(cells)] == cells, (ref, st["title"])
            table = table[at + len(cells):]
    assert seen_stages > 80  # the demo's cases went through many stages


def test_a_case_referred_for_investigation_shows_the_investigations_deadline(tmp_path):
    """What HR found: the investigation's row showed the initial assessment's deadline."""
    from helpers import populated_workspace

    ws = populated_workspace(f"sqlite:///{tmp_path}/c.db")
    ref = open_case(ws, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", "Shouted", "2026-10-01")
    advance(ws, ref, "refer_to_monitoring_officer", "mo", on="2026-10-02")
    assessed(ws, ref, on="2026-10-20")
    advance(ws, ref, "investigate", "mo", on="2026-10-20")
    tl = timeline(ws, ref, "mo")
    text = render(tl, "text")
    assert "Received: 2026-10-01 to 2026-10-02, 1 working day; due 2026-10-08 met" in text
    assert "[1 working day in Received; due 2026-10-08 met]" in text
    investigation = tl["stages"][-1]
    assert investigation["title"] == "Investigation" and investigation["entered"] == "2026-10-20"
    assert investigation["due"] == ws.calendar.add_working_days(date(2026, 10, 20), 65).isoformat()
    lines = [line.strip() for line in
             PdfReader(io.BytesIO(timeline_pdf(tl, "X"))).pages[0].extract_text().splitlines()]
    at = lines.index("Investigation")  # the stage table's row comes before the events'
    assert lines[at + 1:at + 5] == ["20/10/2026", "running", str(investigation["working_days"]),
                                    _uk(investigation["due"])]
