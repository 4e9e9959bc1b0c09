"""The retention schedule in the council's profile: the built-in rules, a council's own, and
`casework profile check` naming the key of anything wrong in one line."""

from datetime import date
from pathlib import Path

import pytest
from cli_runner import run_cli

import casework.profile.council
from casework.profile.council import load_profile
from casework.profile.retention import Rule, years_after

BUILT_IN = Path(casework.profile.council.__file__).with_name("builtin")


@pytest.mark.parametrize("name", ["england", "wales"])
def test_the_built_in_profiles_keep_six_years_and_a_breach_while_the_member_serves(name):
    retention = load_profile(name).retention
    assert retention.rule("member", "withdrawn") == Rule(6, "closure")
    assert retention.rule("officer", "breach") == Rule(6, "closure")
    assert retention.rule("member", "breach") == Rule(6, "left-office")
    assert retention.rule("member", "breach").describe() == (
        "6 years after closure or leaving office, whichever is later")


def test_a_profile_without_a_retention_table_keeps_six_years_after_closure(tmp_path):
    text = (BUILT_IN / "england.toml").read_text()
    own = tmp_path / "own.toml"
    own.write_text(text.split("\n# How long a case's records are kept", 1)[0] + "\n")
    assert "[retention]" not in own.read_text()
    assert load_profile(str(own)).retention.rule("member", "breach") == Rule(6, "closure")


def test_a_council_sets_its_own_periods(tmp_path):
    own = tmp_path / "own.toml"
    own.write_text(_with("[retention]\nyears = 7\n\n[retention.member]\nno-action = 2\n"
                         'breach = { years = 10, from = "left-office" }\n\n[retention.officer]\n'
                         'breach = { years = 8 }\n'))
    retention = load_profile(str(own)).retention
    assert retention.rule("member", "no_action") == Rule(2)  # written as a clerk would
    assert retention.rule("member", "breach") == Rule(10, "left-office")
    assert retention.rule("officer", "breach") == Rule(8)
    assert retention.rule("officer", "withdrawn") == Rule(7)
    assert Rule(1).describe() == "1 year after closure"


@pytest.mark.parametrize("table, key, words", [
    ("years = -1", "retention.years", "must be a whole number of years from 0 to 100 (got -1)"),
    ("years = 2030", "retention.years", "from 0 to 100 (got 2030)"),
    ('years = "six"', "retention.years", 'whole number of years'),
    ("years = 6\n[retention.member]\nbreech = 6", "retention.member.breech",
     "is not an outcome of a complaint about a Member; use one of: resolved"),
    ("years = 6\n[retention.officer]\nreferred = 6", "retention.officer.referred",
     "is not an outcome of a complaint about an Officer"),
    ("years = 6\n[retention.member]\nbreach = { years = -2 }", "retention.member.breach",
     "must be a whole number of years from 0 to 100 (got years = -2)"),
    ('years = 6\n[retention.member]\nbreach = { years = 6, from = "election" }', "retention.member.breach",
     'has from = "election"; use "closure" or "left-office"'),
    ('years = 6\n[retention.member]\nbreach = { from = "closure" }', "retention.member.breach",
     "says no years"),
    ('years = 6\n[retention.member]\nbreach = { years = 6, form = "closure" }', "retention.member.breach",
     "is not a setting of a retention rule"),
    ('years = 6\n[retention.officer]\nbreach = { years = 6, from = "left-office" }',
     "retention.officer.breach", "which the register keeps for Members only"),
    ("years = 6\n[retention.staff]\nbreach = 6", "retention.staff", "is not a known key of [retention]"),
])
def test_profile_check_names_the_key_of_a_bad_rule_in_one_line(tmp_path, table, key, words):
    bad = tmp_path / "bad.toml"
    bad.write_text(_with(f"[retention]\n{table}\n"))
    r = run_cli(f"sqlite:///{tmp_path}/unused.db", "profile", "check", str(bad))
    assert r.code == 2 and r.out == ""
    line = r.err.strip()
    assert "\n" not in line and "Traceback" not in line
    assert line.startswith(f"casework: profile {bad}: {key} ") and words in line, line
    assert "(line " in line  # where to fix it
    assert not (tmp_path / "unused.db").exists()


def test_profile_check_passes_the_built_in_rules(tmp_path):
    good = tmp_path / "good.toml"
    good.write_text((BUILT_IN / "wales.toml").read_text())
    r = run_cli(f"sqlite:///{tmp_path}/unused.db", "profile", "check", str(good))
    assert r.code == 0 and ": good." in r.out, r.err


@pytest.mark.parametrize("closed, years, ends", [
    (date(2020, 3, 15), 6, date(2026, 3, 15)),
    (date(2024, 2, 29), 6, date(2030, 3, 1)),  # no 29 February in 2030: its whole length first
    (date(2024, 2, 29), 4, date(2028, 2, 29)),
    (date(2023, 2, 28), 1, date(2024, 2, 28)),
    (date(2020, 12, 31), 0, date(2020, 12, 31)),
])
def test_years_after_a_day(closed, years, ends):
    assert years_after(closed, years) == ends


def test_a_rule_from_leaving_office_counts_from_the_later_day_and_waits_while_they_serve():
    rule = Rule(6, "left-office")
    assert rule.ends(date(2020, 5, 1), None) is None
    assert rule.ends(date(2020, 5, 1), date(2022, 5, 9)) == date(2028, 5, 9)
    assert rule.ends(date(2020, 5, 1), date(2019, 5, 2)) == date(2026, 5, 1)  # left before it ended
    assert Rule(6).ends(date(2020, 5, 1), date(2022, 5, 9)) == date(2026, 5, 1)


def _with(table: str) -> str:
    """The built-in England profile with its [retention] tables replaced by `table`."""
    text = (BUILT_IN / "england.toml").read_text()
    return text.split("\n# How long a case's records are kept", 1)[0] + "\n\n" + table
