"""The annual report's figures against a council whose twelve complaints are counted by hand
(see report_cases.py for the cases, their dates and the working days of each)."""

import pytest
from report_cases import build

from casework.errors import Refused, UserError
from casework.reports.annual import annual

W = "<5"  # a withheld count in the public version


@pytest.fixture(scope="module")
def council(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("report")
    ws, refs = build(f"sqlite:///{tmp}/report.db", tmp)
    yield ws, refs
    ws.engine.dispose()


def tables(report) -> dict:
    return {t.key: dict(t.rows) for t in report.tables}


def test_2026_every_section_as_counted_by_hand(council):
    ws, _ = council
    t = tables(annual(ws, "mo", 2026))
    assert t["received"] == {"Received": [4, 2, 6], "Concluded by 2026-11-20": [2, 1, 3]}
    clauses = {k: v for k, v in t["clause"].items() if v != [0, 0, 0]}
    assert clauses == {"21.9.1 Respect and courtesy": [1, 1, 2], "21.9.3 Bullying or harassment": [1, 0, 1],
                       "21.10 Advice, information and correspondence": [0, 1, 1],
                       "21.11 Confidentiality": [1, 0, 1], "social-media Use of social media": [1, 0, 1]}
    assert len(t["clause"]) == 14  # every clause of the profile, zeros too
    reached = {k: v for k, v in t["stage"].items() if v not in ([0, None], [None, 0])}
    assert reached == {"Received": [4, 2], "Monitoring Officer's initial assessment": [3, None],
                       "Local resolution": [1, None], "Disciplinary (HR)": [None, 1],
                       "Disciplinary outcome": [None, 1]}
    assert t["outcome"] == {
        "Resolved informally or by local resolution": [1, 0, 1], "No further action": [1, 0, 1],
        "Withdrawn by the complainant": [0, 1, 1], "No breach found (no case to answer)": [0, 0, 0],
        "Breach found": [0, 1, 1], "Discontinued while paused": [0, 0, 0],
        "Ended by the Ombudsman (declined, or referred to the Adjudication Panel)": [0, 0, 0],
        "Still in progress, no decision yet": [2, 0, 2]}
    # C1 8 wd (received left late), C2 13 wd; C4 1 wd.
    assert t["resolution"] == {"Complaints about a Member": [2, 1, 10.5],
                               "Complaints about an Officer": [1, 1, 1], "All complaints": [3, 2, 8]}
    assert t["timeliness"] == {
        "Received (Member)": [5, 3, 2, 1],  # C1 6 wd (late), C2 1, C5 1; C6 not yet left
        "Monitoring Officer's initial assessment (Member)": [20, 2, 2, 2],
        "Local resolution (Member)": [20, 1, 1, 10],
        "Received (Officer)": [5, 2, 2, 1],
        "Disciplinary (HR) (Officer)": [30, 1, 1, 5]}
    # C1 code, C2 protocol; C5 and C6 not yet classified.
    assert t["classification"] == {
        "A complaint under the Members' Code of Conduct (and the protocol)": [1],
        "A complaint under the Member/Officer Relations Protocol alone": [1],
        "A complaint outside the remit (neither the protocol nor the code)": [0],
        "Not classified (yet, or before it was asked)": [2]}
    # C1 went no further, below the threshold.
    assert {k: v for k, v in t["no_further_action"].items() if v != [0, 0, 0]} == {
        "Below the threshold for further action": [1, 0, 1]}
    assert len(t["no_further_action"]) == 6  # every reason, and decisions from before reasons
    assert t["sanctions"] == {"Informal management advice (Officer)": [1, 0, 0, 1],
                              "First written warning (Officer)": [1, 0, 0, 1]}
    assert t["trends"] == {"Complaints received": [2, 4, 6], "About a Member": [1, 2, 4],
                           "About an Officer": [1, 2, 2], "Concluded": [2, 3, 3], "Breach found": [0, 1, 1],
                           "Sanctions imposed": [0, 2, 2], "Median working days to conclusion": [9.5, 14, 8]}


def test_2026_sanction_past_its_due_date_is_noted(council):
    ws, _ = council
    sanctions = next(t for t in annual(ws, "mo", 2026).tables if t.key == "sanctions")
    assert sanctions.note == "Outstanding past their due date: 1."  # the advice, due 2026-04-30


def test_2025_includes_the_complaint_of_31_december(council):
    ws, refs = council
    report = annual(ws, "mo", 2025)
    t = tables(report)
    assert t["received"] == {"Received": [2, 2, 4], "Concluded by 2026-11-20": [2, 1, 3]}
    assert t["outcome"]["Still in progress, no decision yet"] == [0, 1, 1]  # B4, 2025-12-31
    assert t["outcome"]["Breach found"] == [1, 0, 1]
    assert t["outcome"]["No breach found (no case to answer)"] == [0, 1, 1]
    assert t["outcome"]["Withdrawn by the complainant"] == [1, 0, 1]
    assert t["resolution"] == {"Complaints about a Member": [2, 2, 8],
                               "Complaints about an Officer": [1, 0, 18], "All complaints": [3, 2, 14]}
    assert t["timeliness"] == {
        "Received (Member)": [5, 2, 2, 1.5], "Monitoring Officer's initial assessment (Member)": [20, 1, 1, 1],
        "Investigation (Member)": [65, 1, 1, 5], "Decision after investigation (Member)": [10, 1, 1, 2],
        "Standards Committee hearing (Member)": [30, 1, 1, 3], "Received (Officer)": [5, 1, 1, 1],
        "Line manager (Officer)": [10, 1, 0, 15], "Head of Service or Director (Officer)": [10, 1, 1, 2]}
    assert t["sanctions"] == {"Formal letter or censure (Member)": [1, 0, 1, 0],
                              "Training (Member)": [1, 1, 0, 0]}
    assert next(x for x in report.tables if x.key == "trends").years == [2024, 2025]
    assert [r[0] for r in t["cases"].items()] == [refs[c] for c in ("B1", "B2", "B3", "B4")]


def test_2024_has_no_earlier_years_to_compare(council):
    ws, _ = council
    report = annual(ws, "mo", 2024)
    t = tables(report)
    assert t["received"]["Received"] == [1, 1, 2]
    assert t["trends"]["Median working days to conclusion"] == [9.5]  # A1 12 wd, A2 7 wd
    assert next(x for x in report.tables if x.key == "trends").columns == ["2024"]
    assert t["sanctions"] == {}


def test_the_full_version_lists_the_cases_the_reader_may_see(council):
    ws, refs = council
    mine = tables(annual(ws, "mo", 2026))["cases"]
    assert list(mine) == [refs[c] for c in ("C1", "C2", "C3", "C4", "C5", "C6")]
    assert mine[refs["C1"]] == ["Member", "21.9.3", "2026-01-02", "No further action", 8]
    assert mine[refs["C6"]] == ["Member", "social-media", "2026-11-16", "Open: Received", 4]
    # C5 is restricted: HR sees complaints about Officers and unrestricted ones only.
    assert refs["C5"] not in tables(annual(ws, "hr", 2026))["cases"]
    assert refs["C5"] not in tables(annual(ws, "clerk", 2026))["cases"]
    # ...but the counts are the council's, whoever runs the report.
    assert tables(annual(ws, "hr", 2026))["received"] == tables(annual(ws, "mo", 2026))["received"]


def test_public_version_withholds_small_numbers_and_lists_no_cases(council):
    ws, _ = council
    report = annual(ws, "view", 2026, public=True)
    t = tables(report)
    assert "cases" not in t
    assert t["received"] == {"Received": [W, W, 5], "Concluded by 2026-11-20": [W, W, W]}
    assert t["outcome"]["No breach found (no case to answer)"] == [0, 0, 0]  # zero tells of nobody
    assert t["resolution"]["All complaints"] == [W, W, None]  # a median of 3 would be one case's
    assert t["trends"]["Complaints received"] == [W, W, 5]


def test_rounding_to_five_leaves_no_difference_to_take():
    from casework.reports.tables import _Shown

    shown = _Shown(public=True)
    assert [shown.n(v) for v in (0, 1, 4, 5, 7, 8, 12, 13, 102)] == [0, W, W, 5, 5, 10, 10, 15, 100]
    assert shown.median([3, 9, 1, 4]) is None and shown.median([3, 9, 1, 4, 8]) == 4
    assert _Shown(public=False).n(3) == 3


def test_who_may_run_which_version(council):
    ws, _ = council
    for login in ("mo", "dep", "hr", "clerk"):
        assert annual(ws, login, 2026).tables[-1].key == "cases"
    for login in ("view", "inv", "ip"):
        with pytest.raises(Refused, match="cannot run the full annual report.*add --public"):
            annual(ws, login, 2026)
        assert annual(ws, login, 2026, public=True).public


@pytest.mark.parametrize("year", ["2027", "1999", "20x6", ""])
def test_a_year_not_yet_begun_or_not_a_year_is_refused(council, year):
    ws, _ = council
    with pytest.raises(UserError, match="--year"):
        annual(ws, "mo", year)


@pytest.mark.postgres
def test_the_same_figures_on_postgresql(pg_url, tmp_path, council):
    ws_pg, _ = build(pg_url, tmp_path)
    try:
        for year in (2025, 2026):
            assert tables(annual(ws_pg, "mo", year)) == tables(annual(council[0], "mo", year))
    finally:
        ws_pg.engine.dispose()
