"""Checks of a hand-edited TOML file that name the key and its line: the council profile's,
and the settings file's (casework.config)."""

from __future__ import annotations

import difflib
import json
import re
from typing import Any, NoReturn

from casework.errors import UserError

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _key(prefix: str, name: str) -> str:
    """prefix.name as the officer would write it in TOML, quoting name if needed."""
    name = name if _BARE_KEY.fullmatch(name) else json.dumps(name)
    return f"{prefix}.{name}" if prefix else name


def shown(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        text = json.dumps(value, ensure_ascii=False)
        return text if len(text) <= 40 else text[:37] + '..."'
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return str(value)


_HEADER = re.compile(r"^\s*\[+\s*([^\]]+?)\s*\]+")
_ASSIGN = re.compile(r'^\s*("(?:[^"\\]|\\.)*"|[A-Za-z0-9_.-]+)\s*=')


def key_lines(text: str) -> dict[str, int]:
    """Where each key is written, as the checker names it ("clauses.\"21.9.1\""), so an error
    can say which line to fix."""
    lines, prefix = {}, ""
    for number, line in enumerate(text.splitlines(), 1):
        header = _HEADER.match(line)
        if header:
            prefix = header[1]
            lines.setdefault(prefix, number)
            continue
        assign = _ASSIGN.match(line)
        if assign:
            raw = assign[1]
            name = json.loads(raw) if raw.startswith('"') else raw
            lines.setdefault(_key(prefix, name), number)
    return lines


class Checker:
    shown = staticmethod(shown)

    def __init__(self, source: str):
        self.source = source
        self.lines: dict[str, int] = {}

    def fail(self, message: str) -> NoReturn:
        # Messages begin with the key they are about; say where it is written.
        first = message.split(" ", 1)[0]
        where = f" (line {self.lines[first]})" if first in self.lines else ""
        raise UserError(f"profile {self.source}: {message}{where}")

    def text(self, value: Any, key: str) -> str:
        if not isinstance(value, str):
            self.fail(f"{key} must be text in quotes (got {shown(value)})")
        if not value.strip():
            self.fail(f"{key} must not be empty; write it in quotes")
        return value

    def choice(self, value: Any, key: str, allowed: tuple[str, ...]) -> str:
        if value not in allowed or not isinstance(value, str):
            options = " or ".join(f'"{a}"' for a in allowed)
            self.fail(f"{key} must be {options} (got {shown(value)})")
        return value

    def table(self, value: Any, key: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.fail(f"{key} must be a table, written [{key}] (got {shown(value)})")
        return value

    def unknown(self, table: dict, prefix: str, allowed: list[str], what: str) -> None:
        for key in table:
            if key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1)
                hint = f'did you mean "{close[0]}"?' if close else f"allowed: {', '.join(allowed)}"
                self.fail(f"{_key(prefix, key)} is not a known {what}; {hint}")

    def catalogue(self, value: Any, key: str) -> dict[str, str]:
        table = self.table(value, key)
        if not table:
            self.fail(f"{key} is empty; list at least one entry as key = \"title\"")
        for code, title in table.items():
            if not isinstance(title, str):
                self.fail(f"{_key(key, code)} must be a title in quotes (got {shown(title)})")
            if not title.strip():
                self.fail(f"{_key(key, code)} has an empty title; write its title in quotes")
        return dict(table)
