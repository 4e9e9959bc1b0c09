"""Who may sign in to the browser view, and how they prove it: a password kept as an argon2id hash
and a second factor by TOTP (an authenticator app), in a file of the serving account's own.

Kept out of the casework database on purpose: no secret of a person's sign-in (not even a hash,
nor the TOTP seed) travels with the database, its backups or its exports. The file is readable by
its owner alone, beside the account that runs `casework serve` (setting `logins`, environment
CASEWORK_LOGINS; default: casework's data folder).

A person is enrolled by a one-time code the Monitoring Officer issues (`casework users reset
LOGIN`), with which they choose their password and scan their TOTP secret in the browser. Wrong
attempts slow down, and the fifth in a row locks the login for a quarter of an hour.
"""

import secrets
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import platformdirs
import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from casework.errors import UserError
from db.location import private_mode

LOCK_AFTER = 5
LOCKED_FOR = timedelta(minutes=15)
ENROL_FOR = timedelta(hours=72)
SHORTEST = 12
_HASHER = PasswordHasher()  # argon2id, with the library's current parameters
# Checked against when a login is unknown, so the answer takes as long either way.
_DECOY = _HASHER.hash(secrets.token_hex(16))

_SCHEMA = """CREATE TABLE IF NOT EXISTS login (
  login TEXT PRIMARY KEY, password TEXT, totp TEXT, enrol TEXT, enrol_until TEXT,
  failures INTEGER NOT NULL DEFAULT 0, locked_until TEXT, last_step INTEGER)"""


@dataclass
class Outcome:
    ok: bool
    said: str = ""  # what the person is told; the same for every wrong password or code
    delay: float = 0.0  # how long the answer waits, longer with each failure in a row


def default_path() -> Path:
    from casework.config import setting

    given = setting("logins")
    if given:
        from casework.outfile import user_path

        return user_path(given)
    return Path(platformdirs.user_data_dir("casework", appauthor=False)) / "logins.db"


class Store:
    def __init__(self, path: Path | None = None):
        self.path = path or default_path()
        try:
            self.path.parent.mkdir(mode=private_mode(folder=True), parents=True, exist_ok=True)
            if not self.path.exists():
                import os

                os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, private_mode()))
            self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=10)
            self.conn.execute(_SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise UserError(f"the sign-in file {self.path} cannot be used ({exc}); name another "
                            "with CASEWORK_LOGINS") from None

    def close(self) -> None:
        self.conn.close()

    def _row(self, login: str):
        return self.conn.execute("SELECT password, totp, enrol, enrol_until, failures, locked_until, "
                                 "last_step FROM login WHERE login = ?", (login,)).fetchone()

    def issue(self, login: str, now: datetime | None = None) -> str:
        """A new one-time enrolment code; the login's password and second factor are forgotten,
        and any lock lifted, until they enrol again."""
        now = now or datetime.now(UTC)
        code = "-".join(secrets.token_hex(2).upper() for _ in range(4))
        self.conn.execute(
            "INSERT INTO login (login, enrol, enrol_until) VALUES (?, ?, ?) ON CONFLICT (login) DO "
            "UPDATE SET password = NULL, totp = NULL, enrol = excluded.enrol, enrol_until = "
            "excluded.enrol_until, failures = 0, locked_until = NULL, last_step = NULL",
            (login, _HASHER.hash(code), (now + ENROL_FOR).isoformat()))
        return code

    def enrolment_holds(self, login: str, code: str, now: datetime | None = None) -> bool:
        row = self._row(login)
        now = now or datetime.now(UTC)
        if row is None or row[2] is None or datetime.fromisoformat(row[3]) < now:
            _verify(_DECOY, code)
            return False
        return _verify(row[2], code.strip().upper())

    def enrol(self, login: str, code: str, password: str, secret: str, totp_code: str) -> Outcome:
        """Sets the password and second factor, once the one-time code, the new password and a
        code from the newly scanned secret all hold."""
        if not self.enrolment_holds(login, code):
            return Outcome(False, "that one-time code is not right, or has expired: ask the "
                                  "Monitoring Officer for a new one")
        refusal = password_refusal(login, password)
        if refusal:
            return Outcome(False, refusal)
        step = _step(secret, totp_code)
        if step is None:
            return Outcome(False, "that code from your authenticator app is not right; scan the "
                                  "code again and type the six digits it shows now")
        # The code just typed may sign them in too: they need not wait for the app's next one.
        self.conn.execute("UPDATE login SET password = ?, totp = ?, enrol = NULL, enrol_until = NULL, "
                          "failures = 0, locked_until = NULL, last_step = NULL WHERE login = ?",
                          (_HASHER.hash(password), secret, login))
        return Outcome(True)

    def sign_in(self, login: str, password: str, code: str, now: datetime | None = None) -> Outcome:
        now = now or datetime.now(UTC)
        row = self._row(login)
        if row is None or row[0] is None:
            _verify(_DECOY, password)
            return Outcome(False, WRONG, 1.0)
        hashed, secret, _, _, failures, locked_until, last_step = row
        if locked_until and datetime.fromisoformat(locked_until) > now:
            until = datetime.fromisoformat(locked_until).astimezone().strftime("%H:%M")
            return Outcome(False, f"too many wrong attempts: this login is locked until {until}; "
                                  "the Monitoring Officer can reset it", 1.0)
        step = _step(secret, code) if _verify(hashed, password) else None
        if step is None or (last_step is not None and step <= last_step):
            failures += 1
            locked = (now + LOCKED_FOR).isoformat() if failures >= LOCK_AFTER else None
            self.conn.execute("UPDATE login SET failures = ?, locked_until = ? WHERE login = ?",
                              (failures, locked, login))
            return Outcome(False, WRONG, min(0.25 * 2 ** (failures - 1), 4.0))
        if _HASHER.check_needs_rehash(hashed):
            hashed = _HASHER.hash(password)
        self.conn.execute("UPDATE login SET password = ?, failures = 0, locked_until = NULL, "
                          "last_step = ? WHERE login = ?", (hashed, step, login))
        return Outcome(True)

    def forget(self, login: str) -> None:
        self.conn.execute("DELETE FROM login WHERE login = ?", (login,))


WRONG = "that login, password and code do not match; try again"


def password_refusal(login: str, password: str) -> str | None:
    if len(password) < SHORTEST:
        return f"choose a password of at least {SHORTEST} characters"
    # A login of a few letters is in many a good passphrase ("hr" in "phrase").
    if len(login) >= 4 and login.lower() in password.lower():
        return "choose a password that does not hold your login"
    return None


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(login: str, secret: str, council: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=login, issuer_name=f"casework ({council})")


def _verify(hashed: str, password: str) -> bool:
    try:
        return _HASHER.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False


def _step(secret: str | None, code: str) -> int | None:
    """The time step a TOTP code belongs to (this one or either side), or None if it is not one;
    remembered, so a code once used cannot sign in again."""
    code = (code or "").strip().replace(" ", "")
    if not secret or not code.isdigit():
        return None
    totp, now = pyotp.TOTP(secret), datetime.now(UTC).timestamp()
    for offset in (0, -1, 1):
        at = now + offset * totp.interval
        if secrets.compare_digest(totp.at(at), code):
            return int(at // totp.interval)
    return None
