"""Hostile text and files through the command line (issue 17), on SQLite and PostgreSQL: each
attack is refused, or shown inert, with the data as it was."""

import csv
import io
from datetime import date

from cli_runner import checked

FORMULA = '=HYPERLINK("http://evil.example/","Open me")'


def test_a_formula_in_a_name_reaches_the_timeline_csv_as_text(db_url, tmp_path):
    cli = checked(db_url)
    cli("init", "--name", "Mona Officer")
    cli("people", "add", "--kind", "member", "--name", "Cllr Ann Jones")
    cli("people", "add", "--kind", "officer", "--name", "Bob Smith")
    cli("people", "add", "--kind", "officer", "--name", FORMULA)
    ref = cli("new", "--about", "Cllr Ann Jones", "--by", "Bob Smith", "--clause", "21.9.1",
              "--summary", "-1 point for courtesy", "--received", f"{date.today().year}-01-05").out.strip()
    cli("involve", ref, FORMULA, "witness")
    out = tmp_path / "timeline.csv"
    cli("timeline", ref, "--format", "csv", "--out", str(out))
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    cells = [cell for row in rows for cell in row.values() if cell]
    assert f"'{FORMULA} is a witness" in cells
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@"))]


def test_the_annual_report_csv_writes_a_formula_like_label_as_text():
    from casework.reports import table_csv
    from casework.reports.tables import Report, Table

    table = Table("sanctions", "Sanctions", "Sanction", ["Imposed"],
                  rows=[("@SUM(A1:A9) (a council's own title)", [2]), ("-", [-1]), ("\tTab", [0])])
    text = table_csv.render(Report("Example", 2026, False, "2026-12-05", [], [table]))
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1:] == [["sanctions", "'@SUM(A1:A9) (a council's own title)", "2026", "2"],
                        ["sanctions", "'-", "2026", "-1"], ["sanctions", "'\tTab", "2026", "0"]]


def test_a_password_on_the_command_line_is_refused_before_any_connection(tmp_path):
    from cli_runner import run_cli

    r = run_cli(str(tmp_path / "unused.db"), "--db",
                "postgresql+psycopg://mo:s3cret@db.example.invalid/casework", "list")
    assert r.code == 2
    assert r.err.startswith("casework: --db holds a password, which every account on this machine "
                            "can read in the process list") and "~/.pgpass" in r.err
    assert "s3cret" not in r.err and r.err.count("\n") == 1
    assert not (tmp_path / "unused.db").exists()


def test_postgresql_across_a_network_asks_for_verified_tls_unless_told_otherwise(monkeypatch):
    from sqlalchemy import event

    from db.engine import make_engine

    def asked(url: str) -> dict:
        engine = make_engine(url)
        seen = {}

        @event.listens_for(engine, "do_connect")
        def record(dialect, conn_rec, cargs, cparams):
            seen.update(cparams)
            raise ConnectionAbortedError("stopped before the network")

        try:
            engine.connect()
        except Exception:
            pass
        return seen

    monkeypatch.delenv("PGSSLMODE", raising=False)
    assert asked("postgresql+psycopg://mo@db.council.example/casework")["sslmode"] == "verify-full"
    for local in ("postgresql+psycopg://mo@localhost/casework", "postgresql+psycopg://mo@127.0.0.1:5433/c",
                  "postgresql+psycopg://mo@/casework?host=/var/run/postgresql",
                  "postgresql+psycopg:///casework"):
        assert "sslmode" not in asked(local), local
    assert asked("postgresql+psycopg://mo@db.council.example/c?sslmode=require")["sslmode"] == "require"
    monkeypatch.setenv("PGSSLMODE", "prefer")
    assert "sslmode" not in asked("postgresql+psycopg://mo@db.council.example/casework")


def _council_with_a_case(tmp_path):
    """A SQLite council with a viewer and one complaint: (cli, database file, reference)."""
    db = tmp_path / "live.db"
    cli = checked(f"sqlite:///{db}")
    cli("init", "--name", "Mona Officer")
    cli("people", "add", "--kind", "member", "--name", "Cllr Ann Jones")
    cli("people", "add", "--kind", "officer", "--name", "Bob Smith")
    cli("users", "add", "view", "--name", "Vera Viewer", "--role", "viewer")
    ref = cli("new", "--about", "Cllr Ann Jones", "--by", "Bob Smith", "--clause", "21.9.3",
              "--summary", "Shouted at an officer").out.strip()
    return cli, db, ref


def _council_with_a_note(tmp_path):
    cli, db, ref = _council_with_a_case(tmp_path)
    cli("note", ref, "Occupational health: the officer is signed off with stress", "--confidential")
    backup = tmp_path / "backup.db"
    cli("backup", str(backup))
    return cli, db, backup


def test_a_doctored_backup_is_not_restored(tmp_path):
    """Issue 17 item 3: a backup with a planted trigger, or an edited note, under an intact
    chain, is refused in one line; the database restored into is byte for byte as it was."""
    import sqlite3

    from cli_runner import run_cli

    cli, db, backup = _council_with_a_note(tmp_path)
    target = tmp_path / "target.db"
    plain = checked(f"sqlite:///{target}")
    plain("init", "--name", "Mona Officer")
    before = target.read_bytes()
    attacks = {
        "trigger": ("CREATE TRIGGER promote AFTER INSERT ON note BEGIN "
                    "UPDATE user_account SET role = 'monitoring-officer' WHERE login = 'view'; END",
                    "it has a trigger 'promote' that casework never writes"),
        "view": ("CREATE VIEW leak AS SELECT text FROM note", "it has a view 'leak' that casework never writes"),
        "note": ("UPDATE note SET text = 'Nothing of note'",
                 "its rows are not as its audit trail recorded them: note 1 of MOP-"),
    }
    for name, (sql, said) in attacks.items():
        doctored = tmp_path / f"doctored-{name}.db"
        doctored.write_bytes(backup.read_bytes())
        with sqlite3.connect(doctored) as conn:
            conn.execute(sql)
        conn.close()
        r = run_cli(f"sqlite:///{target}", "restore", str(doctored), "--force")
        assert r.code == 2 and r.err.count("\n") == 1, r.err
        assert r.err.startswith(f"casework: not restoring {doctored}: ") and said in r.err, r.err
        assert target.read_bytes() == before
    # The backup as written restores, and the restored database has casework's schema alone.
    done = run_cli(f"sqlite:///{target}", "restore", str(backup), "--force")
    assert done.code == 0, done.err
    with sqlite3.connect(target) as conn:
        triggers = {n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    conn.close()
    assert "promote" not in triggers
    shown = plain("show", f"MOP-{date.today().year}-0001").out
    assert "Shouted at an officer" in shown
    assert plain("audit", "verify").code == 0


def test_attach_and_import_read_only_ordinary_files_and_ask_who_first(tmp_path):
    """Issue 17 item 5: a link, a device, a pipe and a file the system makes up are refused in
    one line without hanging or filling memory; the role is checked before anything is read."""
    import os
    import zipfile

    from cli_runner import run_cli

    cli, db, ref = _council_with_a_case(tmp_path)
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the case file\n")
    link = tmp_path / "evidence.txt"
    link.symlink_to(secret)
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    before = cli("audit", "verify").out
    cases = {
        str(link): "is a symbolic link; name the document itself",
        "/dev/zero": "is not an ordinary file (a device, a pipe or a socket)",
        str(fifo): "is not an ordinary file (a device, a pipe or a socket)",
        "/proc/self/environ": "is made up by the system as it is read",
    }
    for path, said in cases.items():
        r = run_cli(f"sqlite:///{db}", "attach", ref, path, timeout=30)
        assert r.code == 2 and r.err.count("\n") == 1 and said in r.err, (path, r.err)
    # A viewer may not attach or import: told so before the file is touched (a pipe would hang).
    for args in (("attach", ref, str(fifo)), ("import", "people", str(fifo))):
        r = run_cli(f"sqlite:///{db}", *args, user="view")
        assert r.code == 2 and "viewer" in r.err.lower() and "ordinary file" not in r.err, r.err
    # A small workbook whose shared texts unpack to a great deal is refused before it unpacks.
    bomb = tmp_path / "people.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("[Content_Types].xml", "<Types/>")
        book.writestr("xl/sharedStrings.xml", "<sst>" + "<si><t>x</t></si>" * 3_000_000 + "</sst>")
    assert bomb.stat().st_size < 1_000_000
    r = run_cli(f"sqlite:///{db}", "import", "people", str(bomb))
    assert r.code == 2 and "unpacks to more than" in r.err, r.err
    assert cli("audit", "verify").out == before


def test_names_and_files_that_would_rewrite_the_terminal_are_refused_or_shown_inert(tmp_path):
    """Issue 17 item 6: a file name with an escape sequence and a newline, a name with a
    right-to-left override, are refused at the door; what is already stored prints escaped."""
    import sqlite3

    from cli_runner import run_cli

    db = tmp_path / "live.db"
    cli = checked(f"sqlite:///{db}")
    cli("init", "--name", "Mona Officer")
    cli("people", "add", "--kind", "member", "--name", "Cllr Ann Jones")
    cli("people", "add", "--kind", "officer", "--name", "Bob Smith")
    ref = cli("new", "--about", "Cllr Ann Jones", "--by", "Bob Smith", "--clause", "21.9.3",
              "--summary", "Shouted at an officer").out.strip()
    forged = tmp_path / "minutes\x1b[2J\nyes investigate  Refer for investigation.txt"
    forged.write_text("minutes\n")
    before = cli("audit", "verify").out
    r = run_cli(f"sqlite:///{db}", "attach", ref, str(forged))
    assert r.code == 2 and "holds a control character or a right-to-left override" in r.err
    assert "\x1b" not in r.err and r.err.count("\n") == 1
    r = run_cli(f"sqlite:///{db}", "people", "add", "--kind", "member", "--name", "Cllr \u202eenoJ")
    assert r.code == 2 and "right-to-left override" in r.err
    assert cli("audit", "verify").out == before
    # Stored before these checks (or by another program): printed escaped, never obeyed.
    plain = tmp_path / "plain.txt"
    plain.write_text("minutes\n")
    cli("attach", ref, str(plain))
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE document SET filename = ?", ("a\x1b[2J\rb\u202ec.txt",))
    conn.close()
    shown = cli("show", ref).out
    assert "\x1b" not in shown and "\r" not in shown and "\u202e" not in shown
    # (click drops the escape sequence itself when stdout is not a terminal; on one, it is escaped)
    assert "\\rb\\u202ec.txt" in shown


def test_a_welsh_capital_in_a_name_is_found_again(db_url):
    """Found by the hypothesis test of the screens: SQLite lowers ASCII only, so a name with a
    Welsh capital (Ŵ, Ŷ) could be added but never named again."""
    cli = checked(db_url)
    cli("init", "--name", "Mona Officer")
    cli("people", "add", "--kind", "member", "--name", "Cllr Ŵyn Ŷstwyth")
    cli("people", "add", "--kind", "officer", "--name", "Bob Smith")
    ref = cli("new", "--about", "Cllr Ŵyn Ŷstwyth", "--by", "Bob Smith", "--clause", "21.9.3",
              "--summary", "Shouted").out.strip()
    assert "Cllr Ŵyn Ŷstwyth" in cli("show", ref).out


def test_a_search_longer_than_anything_searched_for_is_one_line(db_url):
    """Found by the fuzz test: 60,000 characters made SQLite refuse its LIKE pattern."""
    from cli_runner import refused

    cli = checked(db_url)
    cli("init", "--name", "Mona Officer")
    refused(cli, "list", "--search", "x" * 60_000, match="--search: 60,000 characters is longer than")
    assert cli("list", "--search", "x" * 200).out == "no cases match\n"
