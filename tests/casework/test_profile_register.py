"""Whom the public register names, in the council's profile: the narrowest by default, a
council's own choice, and each mistake one line naming its key."""

from pathlib import Path

import pytest

import casework.profile.council
from casework.errors import UserError
from casework.profile.council import load_profile
from casework.profile.register import RegisterRules

BUILT_IN = Path(casework.profile.council.__file__).with_name("builtin")


@pytest.mark.parametrize("name", ["england", "wales"])
def test_the_built_in_profiles_name_no_complainant_and_a_member_only_on_a_published_breach(name):
    assert load_profile(name).register == RegisterRules("breach", False, None)


def _own(tmp_path, table: str) -> Path:
    text = (BUILT_IN / "england.toml").read_text().split("\n# The public register", 1)[0]
    own = tmp_path / "own.toml"
    own.write_text(text + "\n" + table)
    return own


def test_a_profile_without_the_table_keeps_the_defaults(tmp_path):
    assert load_profile(str(_own(tmp_path, ""))).register == RegisterRules()


def test_a_council_chooses_its_own(tmp_path):
    own = _own(tmp_path, '[register]\nname_subject = "notice"\nname_complainants = true\n'
                         'notice_url = "https://www.example.gov.uk/standards/{ref}"\n')
    rules = load_profile(str(own)).register
    assert (rules.name_subject, rules.name_complainants) == ("notice", True)
    assert rules.notice_link("MOP-2026-0001") == "https://www.example.gov.uk/standards/MOP-2026-0001"


@pytest.mark.parametrize(("table", "says"), [
    ('name_subject = "always"', 'register.name_subject must be "never" or "breach" or "notice"'),
    ("name_complainants = 1", "register.name_complainants must be true or false"),
    ('notice_url = "http://example.gov.uk/{ref}"', "register.notice_url must be an https:// address"),
    ('notice_url = "https://example.gov.uk/notices"', "register.notice_url must name {ref} once"),
    ('notice_url = "https://example.gov.uk/{ref}/{year}"', "register.notice_url must name {ref} once"),
    ('names = "none"', "register.names is not a known key of [register]"),
])
def test_each_mistake_is_one_line_naming_the_key(tmp_path, table, says):
    with pytest.raises(UserError, match=r"\(line \d+\)") as caught:
        load_profile(str(_own(tmp_path, f"[register]\n{table}\n")))
    assert says in str(caught.value) and "\n" not in str(caught.value)
