"""The Welsh of a council's profile (issue 19): its clauses' and sanctions' titles in Welsh for
letters in Welsh, checked by key and line like the rest of the profile."""

import re

import pytest
from cli_runner import run_cli

from casework.errors import UserError
from casework.profile.council import load_profile
from casework.profile.tools import check_profile, init_profile
from casework.workflow.sanctions import WALES_POWERS, WALES_TITLES_CY
from casework.workflow.stages import STATE_TITLES, STATE_TITLES_CY


def _line(message: str) -> int:
    return int(re.search(r"line (\d+)", message)[1])


def test_a_clause_without_its_welsh_title_is_named_with_the_line_of_its_english_one(tmp_path):
    out = init_profile(tmp_path / "p.toml", "wales", "Cyngor Gwynedd")
    text = out.read_text()
    out.write_text(text.replace('"21.9.3" = "Bwlio neu aflonyddu"\n', "", 1))
    with pytest.raises(UserError) as err:
        check_profile(str(out))
    said = str(err.value)
    assert "\n" not in said and 'clauses."21.9.3" ("Bullying or harassment"' in said
    assert 'add "21.9.3" = "..." under [welsh.clauses]' in said
    assert out.read_text().splitlines()[_line(said) - 1] == '"21.9.3" = "Bullying or harassment"'
    load_profile(str(out))  # cases and English letters go on; only the check and Welsh letters stop

    db = str(tmp_path / "unused.db")
    bad = run_cli(db, "profile", "check", str(out))
    assert bad.code == 2 and bad.err.count("\n") == 1 and re.search(r", line \d+\)", bad.err)


def test_an_officer_sanction_needs_its_welsh_title_and_the_committees_powers_have_theirs(tmp_path):
    out = init_profile(tmp_path / "p.toml", "wales")
    out.write_text(out.read_text().replace('training = "Hyfforddiant"\n', "", 1))
    with pytest.raises(UserError, match=r'sanctions.officer.training \("Training", line \d+\) has no Welsh title'):
        check_profile(str(out))
    # The law's four determinations are built in, in Welsh, beside the English.
    assert set(WALES_TITLES_CY) == set(WALES_POWERS)
    assert load_profile("wales").welsh.sanction("wales", "member", "censure") == "Cerydd"


def test_every_stage_has_its_welsh_title():
    for route, titles in STATE_TITLES.items():
        assert set(STATE_TITLES_CY[route]) == set(titles), route


@pytest.mark.parametrize("change,match", [
    (('"21.9.1" = "Parch a chwrteisi"', '"21.9.9" = "Parch"'),
     r'welsh.clauses."21.9.9" is not in \[clauses\].* \(line \d+\)'),
    (('"21.9.1" = "Parch a chwrteisi"', '"21.9.1" = ""'),
     r'welsh.clauses."21.9.1" must not be empty.* \(line \d+\)'),
    (('dismissal = "Diswyddo (camymddwyn difrifol)"', 'sacking = "Diswyddo"'),
     r"welsh.sanctions.officer.sacking is not in \[sanctions.officer\].* \(line \d+\)"),
])
def test_a_wrong_welsh_title_is_refused_by_key_and_line(tmp_path, change, match):
    out = init_profile(tmp_path / "p.toml", "wales")
    old, new = change
    text = out.read_text()
    assert old in text
    out.write_text(text.replace(old, new, 1))
    with pytest.raises(UserError, match=match) as err:
        load_profile(str(out))
    assert new.split(" = ")[0] in out.read_text().splitlines()[_line(str(err.value)) - 1]


def test_only_a_council_in_wales_has_welsh_titles(tmp_path):
    out = init_profile(tmp_path / "p.toml")
    out.write_text(out.read_text() + '\n[welsh.clauses]\n"21.9.1" = "Parch a chwrteisi"\n')
    with pytest.raises(UserError, match=r"welsh is for a council in Wales.*remove the \[welsh\] table"):
        load_profile(str(out))


def test_a_council_named_at_init_does_not_keep_the_examples_welsh_name(tmp_path):
    assert load_profile("wales").welsh.council == "Cyngor Sir Enghreifftiol"
    out = init_profile(tmp_path / "p.toml", "wales", "Cyngor Gwynedd")
    profile = load_profile(str(out))
    assert profile.council == "Cyngor Gwynedd" and profile.welsh.council is None
    assert "Enghreifftiol" not in out.read_text()
