import time
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casework.profile.working_days import WorkingCalendar, calendar_for


@pytest.fixture(scope="module")
def eng():
    return calendar_for("ENG")


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 4, 3),    # Good Friday
        date(2026, 4, 6),    # Easter Monday
        date(2026, 5, 4),    # early May bank holiday
        date(2026, 5, 25),   # spring bank holiday
        date(2026, 8, 31),   # summer bank holiday
        date(2026, 12, 25),  # Christmas Day, a Friday
        date(2026, 12, 28),  # Boxing Day falls on Saturday; Monday is the substitute
        date(2027, 1, 1),
        date(2022, 9, 19),   # one-off: the Queen's state funeral
    ],
)
@pytest.mark.parametrize("subdiv", ["ENG", "WLS"])
def test_bank_holidays_are_not_working_days(subdiv, day):
    assert not calendar_for(subdiv).is_working_day(day)


def test_ordinary_weekdays_are_working_days_and_weekends_are_not(eng):
    assert eng.is_working_day(date(2026, 4, 2))   # Thursday before Easter
    assert eng.is_working_day(date(2026, 4, 7))   # Tuesday after Easter
    assert eng.is_working_day(date(2026, 12, 29))
    assert not eng.is_working_day(date(2026, 3, 7))  # Saturday
    assert not eng.is_working_day(date(2026, 3, 8))  # Sunday


def test_friday_plus_one_is_monday(eng):
    assert eng.add_working_days(date(2026, 3, 6), 1) == date(2026, 3, 9)


def test_weekend_start_counts_from_monday(eng):
    assert eng.add_working_days(date(2026, 3, 7), 1) == date(2026, 3, 9)
    assert eng.add_working_days(date(2026, 3, 7), 2) == date(2026, 3, 10)


def test_easter_is_skipped(eng):
    # Thursday 2 April: Good Friday and Easter Monday are both holidays.
    assert eng.add_working_days(date(2026, 4, 2), 1) == date(2026, 4, 7)


def test_across_christmas_and_new_year(eng):
    # Christmas Eve 2026 (Thu): 25th and 28th are holidays, 1 Jan 2027 too.
    start = date(2026, 12, 24)
    assert eng.add_working_days(start, 1) == date(2026, 12, 29)
    assert eng.add_working_days(start, 3) == date(2026, 12, 31)
    assert eng.add_working_days(start, 4) == date(2027, 1, 4)
    assert eng.working_days_between(start, date(2027, 1, 4)) == 4


def test_zero_days_is_start_or_next_working_day(eng):
    assert eng.add_working_days(date(2026, 3, 9), 0) == date(2026, 3, 9)
    assert eng.add_working_days(date(2026, 12, 25), 0) == date(2026, 12, 29)
    assert eng.add_working_days(date(2026, 12, 31), 0) == date(2026, 12, 31)
    assert eng.add_working_days(date(2027, 1, 1), 0) == date(2027, 1, 4)


def test_negative_days_count_back(eng):
    assert eng.add_working_days(date(2026, 4, 7), -1) == date(2026, 4, 2)
    assert eng.add_working_days(date(2027, 1, 4), -4) == date(2026, 12, 24)


def test_investigation_of_65_days_from_new_year(eng):
    # 1 Jan 2026 is a holiday; 65 working days later lands the day before Good Friday.
    assert eng.add_working_days(date(2026, 1, 1), 65) == date(2026, 4, 2)


def test_long_jump_spanning_several_years(eng):
    start = date(2026, 6, 1)
    result = eng.add_working_days(start, 1000)
    assert result.year == 2030
    assert eng.working_days_between(start, result) == 1000


def test_working_days_between_is_zero_when_end_not_after_start(eng):
    assert eng.working_days_between(date(2026, 3, 9), date(2026, 3, 9)) == 0
    assert eng.working_days_between(date(2026, 3, 9), date(2026, 3, 1)) == 0


def test_working_days_between_counts_end_not_start(eng):
    # Monday to Friday of one ordinary week: Tue..Fri are counted.
    assert eng.working_days_between(date(2026, 3, 9), date(2026, 3, 13)) == 4
    # Friday to the following Monday.
    assert eng.working_days_between(date(2026, 3, 6), date(2026, 3, 9)) == 1
    # Ending on a Sunday counts nothing extra.
    assert eng.working_days_between(date(2026, 3, 6), date(2026, 3, 8)) == 0


def test_calendar_for_is_cached_per_subdivision():
    assert calendar_for("ENG") is calendar_for("ENG")
    assert calendar_for("ENG") is not calendar_for("WLS")


def test_unknown_subdivision_is_refused():
    with pytest.raises(ValueError, match="ENG"):
        WorkingCalendar("XYZ")


def test_fresh_calendar_extends_backwards_as_well_as_forwards():
    cal = WorkingCalendar("WLS")
    assert cal.add_working_days(date(2030, 1, 2), 1) == date(2030, 1, 3)
    assert cal.add_working_days(date(2020, 12, 24), 1) == date(2020, 12, 29)
    assert cal.working_days_between(date(2020, 12, 24), date(2030, 1, 2)) > 2000


def test_add_working_days_is_fast_once_the_year_is_loaded(eng):
    eng.add_working_days(date(2026, 2, 2), 65)
    runs = 2000
    started = time.perf_counter()
    for i in range(runs):
        eng.add_working_days(date(2026, 2, 2) + timedelta(days=i % 200), 65)
    per_call = (time.perf_counter() - started) / runs
    # Walking day by day would take tens of microseconds; allow for slow CI.
    assert per_call < 50e-6


dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))


@settings(max_examples=300, deadline=None)
@given(start=dates, n=st.integers(min_value=1, max_value=400))
def test_add_then_count_round_trips(start, n):
    cal = calendar_for("ENG")
    result = cal.add_working_days(start, n)
    assert cal.is_working_day(result)
    assert result > start
    assert cal.working_days_between(start, result) == n
    # It is the first such date: the day before has one fewer working day.
    assert cal.working_days_between(start, result - timedelta(days=1)) == n - 1


@settings(max_examples=200, deadline=None)
@given(start=dates, end=dates)
def test_count_matches_a_day_by_day_walk(start, end):
    cal = calendar_for("WLS")
    end = min(end, start + timedelta(days=120))
    walked = sum(
        cal.is_working_day(start + timedelta(days=k))
        for k in range(1, (end - start).days + 1)
    )
    assert cal.working_days_between(start, end) == walked


def test_bank_holidays_come_from_the_cache_without_the_holidays_package(tmp_path):
    """The second process reads the bank holidays the first one stored, and never imports
    the holidays package (about 0.1 s on every command otherwise)."""
    import subprocess
    import sys

    script = (
        "import sys; from datetime import date; from casework.profile.working_days import WorkingCalendar;"
        "c = WorkingCalendar('ENG'); print(c.add_working_days(date(2026, 12, 24), 1));"
        "print('holidays' in sys.modules)"
    )
    env = {"CASEWORK_CACHE_DIR": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data"),
           "PATH": "/usr/bin:/bin"}
    first = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env)
    second = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env)
    assert first.stdout.split() == ["2026-12-29", "True"], first.stderr
    assert second.stdout.split() == ["2026-12-29", "False"], second.stderr
    # Issue 17: a cache planted by someone else (Christmas and Boxing Day no longer holidays,
    # which would pull every deadline over them earlier) is not believed.
    import json

    cache = tmp_path / "bank-holidays-ENG.json"
    text = json.loads(cache.read_text())
    body = json.loads(text["data"])
    body["years"]["2026"] = [d for d in body["years"]["2026"]
                             if d not in (date(2026, 12, 25).toordinal(), date(2026, 12, 28).toordinal())]
    for planted in (json.dumps(body), json.dumps({"hmac": text["hmac"], "data": json.dumps(body)})):
        cache.write_text(planted)
        third = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env)
        assert third.stdout.split() == ["2026-12-29", "True"], third.stderr
