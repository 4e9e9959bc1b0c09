"""Key bindings by name, so a person may move them: each binding's id is `scope.action` (e.g.
`case.advance`, `timeline.export-csv`), and the `[keys]` table of the settings file maps ids to
the keys they want (Textual's keymap), e.g. `"case.advance" = "A"`."""

import dataclasses
import re

from textual.binding import Binding


def named(scope: str, bindings: list) -> list:
    """The bindings, each given the id `scope.action` it may be moved by."""
    return [dataclasses.replace(b, id=f"{scope}.{slug(b.action)}")
            if isinstance(b, Binding) and not b.id else b for b in bindings]


def slug(action: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", action.lower()).strip("-")


def ids(*holders) -> set[str]:
    """Every binding id of these classes (screens, widgets, the app)."""
    return {b.id for holder in holders for b in getattr(holder, "BINDINGS", [])
            if isinstance(b, Binding) and b.id}


def shown(binding: Binding, keys: dict[str, str]) -> str:
    """The key a binding answers to, as the person set it or as it comes."""
    return keys.get(binding.id or "", "") or binding.key_display or binding.key
