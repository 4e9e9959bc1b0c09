import hashlib
import json
import re
import tomllib
from datetime import date
from pathlib import Path

import pytest

import casework.profile.council
from casework.errors import UserError
from casework.profile.council import STAGE_NAMES, Profile, load_profile

# Found beside the module rather than via importlib.resources: under pytest this
# folder (tests/casework) can shadow the package name "casework".
PROFILES = Path(casework.profile.council.__file__).with_name("builtin")

ENGLAND_MEMBER = {
    "no-action", "censure", "report-to-council", "publish-finding",
    "remove-from-committees", "remove-from-executive", "training",
    "restrict-access", "apology",
}
WALES_MEMBER = {"no-action", "censure", "suspension", "partial-suspension"}  # reg. 9(1)
OFFICER = {
    "management-advice", "training", "first-written-warning",
    "final-written-warning", "dismissal",
}
CLAUSES = {
    "21.9.1", "21.9.2", "21.9.3", "21.9.4", "21.10", "21.10.3", "21.10.6",
    "21.11", "21.12", "21.13", "21.14", "social-media", "email-tone", "it-use",
}
BUNDLE_ORDER = [
    "procedure", "hearing-notice", "complaint", "subject-notice", "response", "draft-report",
    "investigation-report",
    "witness-statements", "evidence", "independent-person", "protocol",
]


def packaged_bytes(name):
    return (PROFILES / f"{name}.toml").read_bytes()


def packaged_doc(name="england"):
    return tomllib.loads(packaged_bytes(name).decode())


def dump(doc):
    """Just enough of a TOML writer to turn a mutated profile back into a file."""
    def key(k):
        return k if re.fullmatch(r"[A-Za-z0-9_-]+", k) else json.dumps(k)

    def value(v):
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, str):
            return json.dumps(v)
        if isinstance(v, date):
            return v.isoformat()  # a TOML local date
        return repr(v)

    lines = []

    def emit(table, path):
        if path:
            lines.append("[" + ".".join(key(p) for p in path) + "]")
        for k, v in table.items():
            if not isinstance(v, dict):
                lines.append(f"{key(k)} = {value(v)}")
        for k, v in table.items():
            if isinstance(v, dict):
                emit(v, path + [k])

    emit(doc, [])
    return "\n".join(lines) + "\n"


def write(tmp_path, doc, name="p.toml"):
    path = tmp_path / name
    path.write_text(dump(doc) if isinstance(doc, dict) else doc, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["england", "wales"])
def test_packaged_profiles_load_with_every_stage(name):
    profile = load_profile(name)
    assert isinstance(profile, Profile)
    assert set(profile.timescales) == STAGE_NAMES
    assert set(profile.clauses) == CLAUSES
    assert set(profile.sanctions) == {"member", "officer"}
    assert set(profile.sanctions["officer"]) == OFFICER
    # Wales binds the Ombudsman's report beside the investigation's (LGA 2000 s.71(2)).
    extra = ["ombudsman-report"] if name == "wales" else []
    # The officer route's papers follow the hearing's sections (ACAS Code; SI 2015/881 in England).
    officer = ["allegations", "invitation", "outcome-letter"]
    officer += [] if extra else ["ip-panel", "council-resolution"]
    # Letters and notices from casework (casework.letters) last.
    assert list(profile.bundle_sections)[-1] == "correspondence"
    officer += ["correspondence"]
    assert [k for k in profile.bundle_sections if k not in extra + officer] == BUNDLE_ORDER
    assert [k for k in profile.bundle_sections if k in extra] == extra
    assert [k for k in profile.bundle_sections if k in officer] == officer
    assert profile.source == f"built-in {name}"
    assert profile.version == hashlib.sha256(packaged_bytes(name)).hexdigest()[:12]
    assert profile.clause_title("21.9.3") == "Bullying or harassment"


def test_default_profile_is_england():
    profile = load_profile()
    assert profile.regime == "england"
    assert profile.calendar == "ENG"
    assert profile.independent_person_required is True
    assert set(profile.sanctions["member"]) == ENGLAND_MEMBER
    assert profile == load_profile("england")


def test_wales_profile():
    profile = load_profile("wales")
    assert profile.regime == "wales"
    assert profile.calendar == "WLS"
    assert profile.independent_person_required is False
    assert set(profile.sanctions["member"]) == WALES_MEMBER


def test_domain_timescales():
    t = load_profile().timescales
    assert (t["received"], t["assessment"], t["investigation"], t["hearing"],
            t["sanctions"]) == (5, 20, 65, 30, 10)


def test_profile_from_a_path_names_the_file(tmp_path):
    path = tmp_path / "council.toml"
    path.write_bytes(packaged_bytes("wales"))
    profile = load_profile(str(path))
    assert profile.source == str(path)
    assert profile.version == load_profile("wales").version
    assert load_profile(path).regime == "wales"


def test_optional_keys_default_from_regime(tmp_path):
    doc = packaged_doc("wales")
    for k in ("calendar", "reference_format", "independent_person_required"):
        del doc[k]
    doc["timescales"]["outcome"] = 0
    profile = load_profile(write(tmp_path, doc))
    assert profile.calendar == "WLS"
    assert profile.independent_person_required is False
    assert profile.reference_format == "MOP-{year}-{seq:04d}"
    assert profile.timescales["outcome"] == 0


def test_references():
    profile = load_profile()
    assert profile.format_reference(2026, 7) == "MOP-2026-0007"
    assert profile.format_reference(2027, 12345) == "MOP-2027-12345"
    assert profile.reference_prefix(2026) == "MOP-2026-"


def test_custom_reference_format(tmp_path):
    doc = packaged_doc()
    doc["reference_format"] = "STD/{year}/{{x}}/{seq:03d}"
    profile = load_profile(write(tmp_path, doc))
    assert profile.format_reference(2026, 4) == "STD/2026/{x}/004"
    assert profile.reference_prefix(2026) == "STD/2026/{x}/"
    assert profile.format_reference(2026, 4).startswith(profile.reference_prefix(2026))


def test_unknown_catalogue_entries_are_user_errors():
    profile = load_profile()
    with pytest.raises(UserError, match="suspension.*censure"):
        profile.sanction_title("member", "suspension")
    with pytest.raises(UserError, match="route"):
        profile.sanction_title("councillor", "censure")
    with pytest.raises(UserError, match="21.99"):
        profile.clause_title("21.99")
    assert profile.sanction_title("officer", "dismissal") == "Dismissal (gross misconduct)"
    assert load_profile("wales").sanction_title("member", "suspension")


def test_missing_file(tmp_path):
    path = tmp_path / "nope.toml"
    with pytest.raises(UserError) as err:
        load_profile(path)
    assert str(err.value).startswith(f"profile {path}: file not found")


def test_folder_instead_of_file(tmp_path):
    with pytest.raises(UserError, match="folder"):
        load_profile(tmp_path)


def test_not_toml_gives_the_line(tmp_path):
    text = packaged_bytes("england").decode()
    lines = text.splitlines()
    n = next(i for i, line in enumerate(lines) if line.startswith("council ="))
    lines[n] = "council = Example District Council"
    with pytest.raises(UserError) as err:
        load_profile(write(tmp_path, "\n".join(lines)))
    message = str(err.value)
    assert f"line {n + 1}," in message
    assert "not valid TOML" in message and "\n" not in message


def test_not_utf8(tmp_path):
    path = tmp_path / "p.toml"
    path.write_bytes(b'council = "Caerdydd \xff"\n')
    with pytest.raises(UserError, match="UTF-8"):
        load_profile(path)


def _set(path, value):
    def change(doc):
        *parents, last = path
        for p in parents:
            doc = doc[p]
        if value is DELETE:
            del doc[last]
        else:
            doc[last] = value
    return change


class _Delete:
    def __repr__(self) -> str:  # the same in every process, so test ids are too
        return "DELETE"


DELETE = _Delete()

BROKEN = [
    # (what to change, text the message must contain)
    (("council",), DELETE, "council is missing"),
    (("regime",), DELETE, "regime is missing"),
    (("timescales",), DELETE, "timescales is missing"),
    (("clauses",), DELETE, "clauses is missing"),
    (("sanctions",), DELETE, "sanctions is missing"),
    (("bundle_sections",), DELETE, "bundle_sections is missing"),
    (("timescales", "review"), DELETE, "timescales.review is missing"),
    (("sanctions", "officer"), DELETE, "sanctions.officer is missing"),
    (("council",), 5, "council must be text"),
    (("council",), "  ", "council must not be empty"),
    (("regime",), "scotland", 'regime must be "england" or "wales" (got "scotland")'),
    (("regime",), 1, "regime must be"),
    (("calendar",), "SCT", 'calendar must be "ENG" or "WLS"'),
    (("independent_person_required",), "yes", "independent_person_required must be true or false"),
    (("timescales", "assessment"), "abc",
     'timescales.assessment must be a whole number of working days (got "abc")'),
    (("timescales", "assessment"), 20.5, "timescales.assessment must be a whole number"),
    (("timescales", "assessment"), True, "timescales.assessment must be a whole number"),
    (("timescales", "hearing"), -3, "timescales.hearing must not be negative"),
    (("timescales", "triage"), 5, "timescales.triage is not a known stage"),
    (("timescales",), 5, "timescales must be a table"),
    (("clauses",), {}, "clauses is empty"),
    (("sanctions", "member"), {}, "sanctions.member is empty"),
    (("sanctions", "officer"), "none", "sanctions.officer must be a table"),
    (("bundle_sections",), {}, "bundle_sections is empty"),
    (("clauses", "21.9.3"), 5, 'clauses."21.9.3" must be a title'),
    (("sanctions", "member", "censure"), "", "sanctions.member.censure has an empty title"),
    (("sanctions", "cabinet"), {"x": "y"}, "sanctions.cabinet is not a known route"),
    (("referance_format",), "x", 'did you mean "reference_format"'),
    (("reference_format",), "MOP-{year}", "reference_format must contain {seq}"),
    (("reference_format",), "MOP-{year}-{seq", "reference_format is not a valid pattern"),
    (("reference_format",), "MOP-{year}-{seq:04q}", "reference_format cannot be filled in"),
    (("reference_format",), "{seq}/{year}", "reference_format must have {year} before {seq}"),
    (("reference_format",), "MOP-{year}-{council}-{seq}", "reference_format may only use"),
    (("reference_format",), 7, "reference_format must be text"),
    (("warnings_expire", "censure"), 6, "warnings_expire.censure is not a sanction in [sanctions.officer]"),
    (("warnings_expire", "first-written-warning"), 0, "warnings_expire.first-written-warning must be a "
                                                       "whole number of months from 1 to 120 (got 0)"),
    (("warnings_expire", "final-written-warning"), "a year", "must be a whole number of months"),
    (("warnings_expire",), 12, "warnings_expire must be a table"),
]


def test_the_sections_the_routes_need_are_kept_whatever_the_profile_lists(tmp_path):
    doc = packaged_doc()
    for key in ("allegations", "invitation", "outcome-letter", "investigation-report"):
        del doc["bundle_sections"][key]
    doc["bundle_sections"]["invitation"] = "Letter inviting the employee to the meeting"
    sections = load_profile(write(tmp_path, doc)).bundle_sections
    assert sections["invitation"] == "Letter inviting the employee to the meeting"  # retitled
    assert {"allegations", "outcome-letter", "investigation-report", "ip-panel"} <= set(sections)
    assert "ombudsman-report" not in sections  # a Welsh paper only
    assert "ombudsman-report" in load_profile("wales").bundle_sections


@pytest.mark.parametrize(
    "path, value, expected", BROKEN, ids=[f"{'.'.join(p)}={v!r}" for p, v, _ in BROKEN]
)
def test_broken_profile_names_file_and_key(tmp_path, path, value, expected):
    doc = packaged_doc()
    _set(path, value)(doc)
    file = write(tmp_path, doc)
    # The unchanged document must load, so it is the change that is refused.
    load_profile(write(tmp_path, packaged_doc(), name="good.toml"))
    with pytest.raises(UserError) as err:
        load_profile(file)
    message = str(err.value)
    assert message.startswith(f"profile {file}: ")
    assert expected in message
    assert "\n" not in message
