"""The command line's edges that need no populated database."""

from cli_runner import run_cli


def test_python_dash_m_and_help(tmp_path):
    r = run_cli(str(tmp_path / "c.db"), "--help", subprocess_=True)
    assert r.code == 0 and "advance" in r.out and "audit" in r.out


def test_commands_before_init_say_to_run_init(tmp_path):
    r = run_cli(str(tmp_path / "c.db"), "list")
    assert r.code == 2 and "run `casework init`" in r.err


def test_a_file_that_is_not_a_database(tmp_path):
    bogus = tmp_path / "notes.db"
    bogus.write_bytes(b"this is not sqlite" * 100)
    r = run_cli(str(bogus), "list", subprocess_=True)
    assert r.code == 2 and "not a casework database" in r.err and "Traceback" not in r.err
    assert bogus.read_bytes() == b"this is not sqlite" * 100


def test_a_directory_as_database(tmp_path):
    r = run_cli(str(tmp_path), "init")
    assert r.code == 2 and "is a directory" in r.err


def test_no_command_without_a_terminal_says_what_to_do(tmp_path):
    r = run_cli(str(tmp_path / "c.db"), subprocess_=True)
    assert r.code == 2 and "needs a terminal" in r.err and "casework --help" in r.err


def test_routes_diagram_comes_from_the_machines():
    r = run_cli("unused.db", "routes")
    assert r.code == 0
    assert "stateDiagram-v2" in r.out and "decision --> hearing" in r.out
    assert "guards_pass" not in r.out


def test_a_line_separator_in_what_was_typed_still_leaves_one_line(tmp_path):
    """U+2028 ends a line for Python and for many terminals, as a newline does (found by the
    fuzz test on a profile path)."""
    r = run_cli(str(tmp_path / "c.db"), "profile", "check", "my\u2028profile.toml")
    assert r.code == 2 and len(r.err.splitlines()) == 1
    assert r.err.startswith("casework: profile my\\u2028profile.toml: file not found")


def test_an_empty_event_is_named_not_a_crash(tmp_path):
    # Found by the command-line fuzz: an empty event with --reason reached a title lookup.
    db = str(tmp_path / "c.db")
    assert run_cli(db, "init").code == 0
    assert run_cli(db, "people", "add", "--kind", "member", "--name", "Cllr Ann Jones").code == 0
    assert run_cli(db, "people", "add", "--kind", "officer", "--name", "Bob Smith").code == 0
    ref = run_cli(db, "new", "--about", "Cllr Ann Jones", "--by", "Bob Smith", "--clause", "21.9.3",
                  "--summary", "Rude").out.strip()
    r = run_cli(db, "advance", ref, "", "--reason", "0")
    assert r.code == 2 and r.err.count("\n") == 1 and "name the event to fire" in r.err, r.err
