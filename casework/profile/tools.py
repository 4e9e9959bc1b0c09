"""Starting a council's own profile from a built-in one, and checking a profile by hand."""

import json
from pathlib import Path

from casework.errors import UserError
from casework.outfile import check_out, replacing
from casework.profile.council import BUILT_IN, _packaged, load_profile, parse_profile
from casework.profile.welsh import gaps


def init_profile(out: str | Path, regime: str = "england", council: str | None = None,
                 force: bool = False) -> Path:
    """Writes the commented built-in profile for the regime, with the council's name in it."""
    if regime not in BUILT_IN:
        raise UserError(f"--regime {regime!r} is not known; use one of: {', '.join(BUILT_IN)}")
    target = check_out(out, (".toml",))
    if target.exists() and not force:
        raise UserError(f"{target} already exists; choose another name, or add --force to replace it")
    text = _packaged(f"{regime}.toml").decode("utf-8")
    if council is not None:
        if not council.strip() or any(ch < " " for ch in council):
            raise UserError("--council must be the council's name on one line")
        lines = text.splitlines(keepends=True)
        named = [i for i, line in enumerate(lines) if line.startswith("council = ")]
        lines[named[0]] = f"council = {json.dumps(council.strip(), ensure_ascii=False)}\n"
        # The example's Welsh name is not theirs: Welsh letters use the name above until they add it.
        for i in named[1:]:
            lines[i] = "# council = \"...\"  # your council's name in Welsh, if it is not the one above\n"
        text = "".join(lines)
    parse_profile(text.encode("utf-8"), str(target))  # what we write must pass its own check
    with replacing(target) as temp:
        temp.write_text(text, encoding="utf-8")
    return target


def check_profile(path: str) -> str:
    """One line about a profile that passes; the first fault, with its line, if not."""
    from casework.letters.templates import check_folder, council_folder

    profile = load_profile(path)
    untitled = gaps(profile)  # Wales: what would stop a letter in Welsh
    if untitled:
        more = f" (and {len(untitled) - 1} more)" if len(untitled) > 1 else ""
        raise UserError(untitled[0] + more)
    letters = council_folder(profile)
    own = ""
    if letters is not None:
        problems = check_folder(letters)
        if problems:
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            raise UserError(problems[0] + more)
        own = f", {sum(1 for _ in letters.glob('*.txt'))} letter templates of its own"
    return (f"{path}: good. {profile.council} ({profile.regime.title()}), "
            f"{len(profile.clauses)} clauses, "
            f"{sum(len(c) for c in profile.sanctions.values())} sanctions, "
            f"{len(profile.bundle_sections)} bundle sections{own}; version {profile.version}")
