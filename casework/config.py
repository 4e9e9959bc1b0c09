"""The user's own settings, in a TOML file in their configuration folder (platformdirs):
the database, who they act as, the council profile, the application's theme, and the mail
server letters go through. A command-line flag wins, then the environment, then this file, then
casework's default. `casework config path|show|check`.

    db = "~/cases/casework.db"          # or postgresql+psycopg://me@server/casework
    user = "mo"
    profile = "~/council/arun.toml"
    theme = "textual-light"
    anchors = "/var/log/casework/anchors.log"   # or "syslog" (casework.audit.anchors)
    logins = "~/casework/logins.db"     # browser sign-ins, `casework serve` (casework.serve.logins)
    uploads = "/srv/casework/uploads"   # where a browser tab's papers come from (casework.serve.uploads)

    [keys]                              # binding ids as the help screen (?) lists them
    "case.advance" = "A"

    [smtp]
    host = "mail.council.gov.uk"
    port = 587
    security = "starttls"               # starttls | tls | none (none: this machine only)
    user = "standards"
    password = "..."                    # the file is kept readable by its owner only
    from = "standards@council.gov.uk"
"""

import os
import stat
import tomllib
from functools import lru_cache
from pathlib import Path

import platformdirs

from casework.errors import UserError

ENV = "CASEWORK_CONFIG"
TOP = {"db": str, "user": str, "profile": str, "theme": str, "anchors": str, "logins": str,
       "uploads": str, "smtp": dict, "keys": dict}
SMTP = {"host": str, "port": int, "security": str, "user": str, "password": str, "from": str}
# What each setting is called in the environment, which wins over the file.
ENVIRONMENT = {"db": "CASEWORK_DB", "user": "CASEWORK_USER", "profile": "CASEWORK_PROFILE",
               "anchors": "CASEWORK_ANCHORS", "logins": "CASEWORK_LOGINS", "uploads": "CASEWORK_UPLOADS",
               "smtp.host": "CASEWORK_SMTP_HOST", "smtp.port": "CASEWORK_SMTP_PORT",
               "smtp.security": "CASEWORK_SMTP_SECURITY", "smtp.user": "CASEWORK_SMTP_USER",
               "smtp.password": "CASEWORK_SMTP_PASSWORD", "smtp.from": "CASEWORK_SMTP_FROM"}


def path() -> Path:
    given = os.environ.get(ENV)
    if given:
        return Path(given).expanduser()
    return Path(platformdirs.user_config_dir("casework", appauthor=False)) / "config.toml"


def load() -> dict:
    """The file's settings, checked; {} when there is no file. A fault is one line naming the
    file, the line and the key. Read once per process while the file stays as it was: a
    command asks for several settings, the application for some of them more than once."""
    file = path()
    try:
        seen = file.stat()
    except FileNotFoundError:
        return {}
    except OSError:
        seen = None
    if seen is None:
        return _load(file)
    return _checked(str(file), seen.st_mtime_ns, seen.st_size, seen.st_mode)


@lru_cache(maxsize=4)
def _checked(name: str, _mtime: int, _size: int, _mode: int) -> dict:
    return _load(Path(name))


def _load(file: Path) -> dict:
    from casework.profile.checker import key_lines

    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"{file}: cannot be read ({getattr(exc, 'strerror', None) or exc}); fix or "
                        "remove it") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UserError(f"{file}: is not valid TOML ({exc}); fix that line") from None
    lines = key_lines(text)

    def fail(key: str, said: str):
        at = lines.get(key)
        raise UserError(f"{file}{f':{at}' if at else ''}: {key} {said}")

    for key, value in data.items():
        if key not in TOP:
            fail(key, f"is not a setting; use {', '.join(TOP)}")
        if not isinstance(value, TOP[key]):
            fail(key, f"must be a [{key}] table" if TOP[key] is dict else "must be text in quotes")
    for key, value in data.get("keys", {}).items():
        if not isinstance(value, str) or not value.strip():
            # Named as written: a binding id holds a dot, so it is quoted in the file.
            named = f"keys.{key}" if key.replace("_", "").replace("-", "").isalnum() else f'keys."{key}"'
            fail(named, 'must be the key or keys in quotes, e.g. "A" or "ctrl+a,f2"')
    for key, value in data.get("smtp", {}).items():
        if key not in SMTP:
            fail(f"smtp.{key}", f"is not a mail setting; use {', '.join(SMTP)}")
        if not isinstance(value, SMTP[key]) or isinstance(value, bool):
            fail(f"smtp.{key}", "must be a whole number" if SMTP[key] is int else "must be text in quotes")
    if "password" in data.get("smtp", {}) and _others_may_read(file):
        raise UserError(f"{file}: holds the mail password and other accounts can read it; "
                        f"chmod 600 {file}")
    return data


def setting(name: str, flag: str | None = None) -> str | None:
    """`name` as "db" or "smtp.host": the flag if given, else the environment, else the file."""
    if flag:
        return flag
    env = ENVIRONMENT.get(name)
    if env and os.environ.get(env):
        return os.environ[env]
    value = load()
    for part in name.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return None if value is None else str(value)


def save(name: str, value: str) -> Path:
    """Sets a top-level setting in the file, keeping everything else in it as written (its
    comments, its order); the file is made, readable by its owner only, if there is none."""
    import tempfile

    import tomlkit

    from db.location import private_mode

    file = path()
    load()  # a broken file is named, not overwritten
    try:
        doc = tomlkit.parse(file.read_text(encoding="utf-8")) if file.exists() else tomlkit.document()
        doc[name] = value
        file.parent.mkdir(mode=private_mode(folder=True), parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=".config.", dir=file.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(tomlkit.dumps(doc))
        os.chmod(temp, file.stat().st_mode & 0o777 if file.exists() else private_mode())
        os.replace(temp, file)
    except OSError as exc:
        raise UserError(f"{file}: cannot be written ({exc.strerror}); your {name} is not kept") from None
    return file


def shown() -> list[tuple[str, str, str]]:
    """(setting, value, where it comes from) for every setting that has one; never a password."""
    data = load()
    out = []
    for name, env in [("db", "CASEWORK_DB"), ("user", "CASEWORK_USER"),
                      ("profile", "CASEWORK_PROFILE"), ("theme", None),
                      ("anchors", "CASEWORK_ANCHORS"), ("logins", "CASEWORK_LOGINS"),
                      ("uploads", "CASEWORK_UPLOADS")] + \
            [(f"smtp.{k}", ENVIRONMENT[f"smtp.{k}"]) for k in SMTP]:
        top, _, sub = name.partition(".")
        in_file = data.get(top, {}).get(sub) if sub else data.get(top)
        if env and os.environ.get(env):
            value, where = os.environ[env], f"environment {env}"
        elif in_file is not None:
            value, where = str(in_file), str(path())
        else:
            continue
        out.append((name, "(set)" if name.endswith("password") else value, where))
    return out


def _others_may_read(file: Path) -> bool:
    return bool(file.stat().st_mode & (stat.S_IRGRP | stat.S_IROTH))
