"""Encryption at rest (issue 17, item 1): an embedded database made with `init --encrypt` holds
no case text in the clear, on disk or in its backups; it opens only with its passphrase (from
the environment, the system keyring or the terminal), and a wrong or missing one is one line
with nothing changed."""

import os
import sys
from pathlib import Path

import pytest
from cli_runner import run_cli
from terminal import run_in_terminal

from db import cipher

PASS = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _no_keys_between(tmp_path):
    """In-process commands share db.cipher's keys; a new process would start with none."""
    yield
    cipher._keys.clear()


def _env(tmp_path: Path, **more) -> dict:
    return {"HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data"),
            "XDG_CACHE_HOME": str(tmp_path / "cache"), "CASEWORK_CACHE_DIR": str(tmp_path / "cache"),
            "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring", **more}


def _cli(db: Path, tmp_path: Path, *args, passphrase: str | None = PASS, user="mo",
         sub=False, **env):
    given = {"CASEWORK_DB_PASSPHRASE": passphrase} if passphrase else {}
    cipher._keys.clear()  # each call as its own process
    full = _env(tmp_path, **given, **env)
    if not passphrase:
        full["CASEWORK_DB_PASSPHRASE"] = ""
    return run_cli(str(db), *args, user=user, env=full, subprocess_=sub)


def _names(db: Path, tmp_path: Path) -> list[bytes]:
    """The complainants' names: in the clear in a plain database, never in an encrypted one."""
    import json

    listed = _cli(db, tmp_path, "list", "--all", "--json")
    assert listed.code == 0, listed.err
    names = [row["complainant"].encode() for row in json.loads(listed.out)]
    assert len(names) >= 4
    return names


def _in_clear(db: Path, names: list[bytes]) -> list[bytes]:
    held = _on_disk(db)
    return [n for n in names if n in held]


def _on_disk(db: Path) -> bytes:
    return b"".join(Path(f"{db}{s}").read_bytes() for s in ("", "-wal")
                    if Path(f"{db}{s}").exists())


@pytest.fixture
def encrypted(tmp_path) -> Path:
    db = tmp_path / "enc.db"
    made = _cli(db, tmp_path, "init", "--encrypt", "--name", "Mona Officer")
    assert made.code == 0 and "(encrypted)" in made.out, made.err
    assert _cli(db, tmp_path, "demo", "--cases", "8").code == 0
    return db


def test_an_encrypted_database_holds_nothing_in_the_clear(encrypted, tmp_path):
    assert not encrypted.read_bytes().startswith(cipher.MAGIC)
    names = _names(encrypted, tmp_path)
    assert _in_clear(encrypted, names) == []
    # The same demo in a plain database does carry the names: the check above can fail.
    plain = tmp_path / "plain.db"
    assert _cli(plain, tmp_path, "init", "--name", "Mona Officer").code == 0
    assert _cli(plain, tmp_path, "demo", "--cases", "8").code == 0
    assert _in_clear(plain, names) == names


@pytest.mark.parametrize("given, said", [
    (None, "is encrypted: give its passphrase in CASEWORK_DB_PASSPHRASE"),
    ("not the passphrase at all", "did not open with the passphrase given"),
])
def test_without_the_right_passphrase_nothing_opens_and_nothing_changes(encrypted, tmp_path,
                                                                        given, said):
    before = _on_disk(encrypted)
    r = _cli(encrypted, tmp_path, "note", "MOP-2026-0001", "a note", passphrase=given)
    assert r.code == 2 and r.err.count("\n") == 1 and said in r.err, r.err
    assert "Traceback" not in r.err and "ERROR CORE" not in r.err
    assert _on_disk(encrypted) == before


def test_encrypt_refuses_a_short_passphrase_and_an_existing_plain_database(tmp_path):
    db = tmp_path / "new.db"
    short = _cli(db, tmp_path, "init", "--encrypt", passphrase="tooshort")
    assert short.code == 2 and "use at least 12" in short.err
    assert not db.exists() or db.stat().st_size == 0
    plain = tmp_path / "plain.db"
    assert _cli(plain, tmp_path, "init", "--name", "Mona Officer").code == 0
    before = plain.read_bytes()
    r = _cli(plain, tmp_path, "init", "--encrypt")
    assert r.code == 2 and "already holds a plain database" in r.err and "restore" in r.err
    assert plain.read_bytes() == before


def test_backups_of_an_encrypted_database_are_encrypted_and_restore_with_it(encrypted, tmp_path):
    out = tmp_path / "backup.db"
    r = _cli(encrypted, tmp_path, "backup", str(out))
    assert r.code == 0, r.err
    assert not out.read_bytes().startswith(cipher.MAGIC)
    assert _in_clear(out, _names(encrypted, tmp_path)) == []
    wrong = _cli(tmp_path / "elsewhere.db", tmp_path, "restore", str(out),
                 passphrase="not the passphrase at all")
    assert wrong.code == 2 and "wrong passphrase" in wrong.err
    assert not (tmp_path / "elsewhere.db").exists()
    into = tmp_path / "restored.db"
    r = _cli(into, tmp_path, "restore", str(out))
    assert r.code == 0, r.err
    assert not into.read_bytes().startswith(cipher.MAGIC)
    assert _in_clear(into, _names(encrypted, tmp_path)) == []
    assert "intact" in _cli(into, tmp_path, "audit", "verify").out
    assert _cli(into, tmp_path, "list", "--all").out == _cli(encrypted, tmp_path, "list", "--all").out


def test_an_encrypted_backup_is_not_restored_into_a_plain_file(encrypted, tmp_path):
    out = tmp_path / "backup.db"
    assert _cli(encrypted, tmp_path, "backup", str(out)).code == 0
    plain = tmp_path / "plain.db"
    assert _cli(plain, tmp_path, "init", "--name", "Mona Officer").code == 0
    before = plain.read_bytes()
    r = _cli(plain, tmp_path, "restore", str(out), "--force")
    assert r.code == 2 and "restore it into a new file" in r.err
    assert plain.read_bytes() == before


def test_a_plain_database_is_encrypted_by_restoring_its_backup(tmp_path):
    plain = tmp_path / "plain.db"
    assert _cli(plain, tmp_path, "init", "--name", "Mona Officer").code == 0
    assert _cli(plain, tmp_path, "demo", "--cases", "8").code == 0
    assert _cli(plain, tmp_path, "backup", str(tmp_path / "b.db")).code == 0
    into = tmp_path / "now-encrypted.db"
    r = _cli(into, tmp_path, "restore", str(tmp_path / "b.db"), "--encrypt")
    assert r.code == 0, r.err
    names = _names(plain, tmp_path)
    assert _in_clear(into, names) == [] and _in_clear(plain, names) == names
    assert _cli(into, tmp_path, "list", "--all").out == _cli(plain, tmp_path, "list", "--all").out


def test_the_passphrase_kept_in_the_system_keyring(encrypted, tmp_path):
    # keyrings.alt's file keyring: a real keyring backend that needs no desktop session. Each
    # command in its own process, as keyring settles on its backend once per process.
    ring = {"PYTHON_KEYRING_BACKEND": "keyrings.alt.file.PlaintextKeyring", "sub": True}
    assert _cli(encrypted, tmp_path, "list", passphrase=None, **ring).code == 2
    kept = _cli(encrypted, tmp_path, "key", "store", **ring)
    assert kept.code == 0 and "kept in the system keyring" in kept.out
    assert _cli(encrypted, tmp_path, "list", "--all", passphrase=None, **ring).code == 0
    forgot = _cli(encrypted, tmp_path, "key", "forget", **ring)
    assert forgot.code == 0 and "no longer kept" in forgot.out
    assert _cli(encrypted, tmp_path, "list", passphrase=None, **ring).code == 2


def test_no_keyring_is_one_line(encrypted, tmp_path):
    r = _cli(encrypted, tmp_path, "key", "store", sub=True)  # keyring settles once per process
    assert r.code == 2 and "no system keyring" in r.err and r.err.count("\n") == 1


def test_the_application_asks_for_the_passphrase_at_the_terminal(encrypted, tmp_path):
    env = {**os.environ, **_env(tmp_path), "CASEWORK_DB": str(encrypted), "CASEWORK_USER": "mo"}
    env.pop("CASEWORK_DB_PASSPHRASE", None)
    shown = run_in_terminal([sys.executable, "-m", "casework"], env=env, cwd=str(tmp_path),
                            wait_for="Passphrase for", keys=PASS.encode() + b"\r",
                            then=[("MOP-2026-", b"q")])
    assert shown.code == 0, shown.stderr_tail
    asked, _, after = shown.shown.partition("Passphrase for")
    assert "MOP-2026-" in after and PASS not in shown.shown


def test_the_page_key_derived_once_is_sqlciphers_own(encrypted):
    """casework derives the page key once per process (db.derived) instead of SQLCipher deriving
    it for every connection: the key it derives must open the file as SQLCipher's own does."""
    from sqlcipher3 import dbapi2

    from db import derived

    def opens(pragma: str) -> bool:
        conn = dbapi2.connect(str(encrypted))
        try:
            conn.execute(f"PRAGMA key = {pragma}")
            return conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0
        except dbapi2.DatabaseError:
            return False
        finally:
            conn.close()

    assert opens(derived.raw_key(encrypted, PASS))
    assert not opens(derived.raw_key(encrypted, "not the passphrase at all"))
