"""casework profile init and check: a council starts its own profile and is told, by key and
line, what to fix."""

import pytest
from cli_runner import run_cli

from casework.errors import UserError
from casework.profile.council import load_profile
from casework.profile.tools import check_profile, init_profile


def test_init_writes_a_commented_profile_that_checks(tmp_path):
    out = init_profile(tmp_path / "p.toml", "wales", "Cyngor Gwynedd")
    text = out.read_text()
    assert 'council = "Cyngor Gwynedd"' in text and text.count("#") > 20
    profile = load_profile(str(out))
    assert (profile.council, profile.regime) == ("Cyngor Gwynedd", "wales")
    assert "good. Cyngor Gwynedd (Wales)" in check_profile(str(out))
    with pytest.raises(UserError, match="already exists; choose another name, or add --force"):
        init_profile(out)
    assert load_profile(str(init_profile(out, force=True))).regime == "england"


@pytest.mark.parametrize("change,match", [
    (("received = 5", 'received = "five"'), r"timescales.received must be a whole number .* \(line \d+\)"),
    (("received = 5", "recieved = 5"), r'timescales.recieved is not a known stage; did you mean "received"\? \(line \d+\)'),
    (('"21.9.2" = "Undue pressure"', '"21.9.2" = 7'), r'clauses."21.9.2" must be a title in quotes \(got 7\) \(line \d+\)'),
    (('regime = "england"', 'regime = "scotland"'), r'regime must be "england" or "wales" .* \(line \d+\)'),
    (("[timescales]", "[timescales"), r"is not valid TOML at line \d+"),
])
def test_check_names_the_key_and_its_line(tmp_path, change, match):
    out = init_profile(tmp_path / "p.toml")
    old, new = change
    text = out.read_text()
    assert old in text
    out.write_text(text.replace(old, new, 1))
    with pytest.raises(UserError, match=match) as err:
        check_profile(str(out))
    line = int(str(err.value).rsplit("line ", 1)[1].split(")")[0].split(",")[0])
    assert new.split(" ")[0].strip("[") in out.read_text().splitlines()[line - 1]


def test_the_command_line(tmp_path):
    db = str(tmp_path / "unused.db")  # neither command needs a database
    out = tmp_path / "mine.toml"
    made = run_cli(db, "profile", "init", "--out", str(out), "--council", "Arun District Council")
    assert made.code == 0 and "edit it, then check it" in made.out
    good = run_cli(db, "profile", "check", str(out))
    assert good.code == 0 and "Arun District Council (England)" in good.out
    out.write_text(out.read_text().replace("received = 5", "received = -1", 1))
    bad = run_cli(db, "profile", "check", str(out))
    assert bad.code == 2 and bad.err.count("\n") == 1 and "must not be negative" in bad.err
    assert not (tmp_path / "unused.db").exists()


def test_a_new_profile_is_kept_and_its_first_case_says_so(tmp_path, sqlite_url):
    import json

    from helpers import populated_workspace
    from sqlalchemy import text

    from casework.cases.opening import open_case
    from casework.profile.history import history
    from casework.workspace import open_workspace

    ws = populated_workspace(sqlite_url)
    first = open_case(ws, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", "One", "2026-11-02")
    open_case(ws, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", "Two", "2026-11-02")
    mine = init_profile(tmp_path / "p.toml", council="Arun District Council")
    mine.write_text(mine.read_text().replace("received = 5", "received = 7", 1))
    changed = open_workspace(sqlite_url, str(mine))
    changed.today = ws.today
    later = open_case(changed, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", "Three", "2026-11-02")
    kept = history(ws, "mo")
    assert [v["source"] for v in kept] == ["built-in england", str(mine)]
    assert "received = 7" in kept[1]["body"] and "received = 5" in kept[0]["body"]
    with ws.engine.connect() as conn:
        events = [(d,) for (d,) in conn.execute(text("SELECT data FROM audit_event WHERE action = 'open' ORDER BY seq"))
                  if json.loads(d).get("profile_new")]
        versions = dict(conn.execute(text("SELECT ref, profile_version FROM case_file")).all())
    assert [json.loads(d)["profile_replaces"] for (d,) in events] == [None, kept[0]["version"]]
    assert versions[first] == kept[0]["version"] and versions[later] == kept[1]["version"]
    shown = run_cli(sqlite_url, "profile", "history", "--show", kept[0]["version"])
    assert shown.code == 0 and shown.out == kept[0]["body"]
