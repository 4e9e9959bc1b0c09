"""Letter templates: Jinja2 in its sandbox, a council's own first, then the built-in set of its
regime, then England's (the letters about Officers are the same in both).

A council keeps its templates in a folder named `letters` beside its profile file, one file per
kind of letter (`acknowledgement.txt`, ...). A template's first line is the letter's heading;
the rest is its body, paragraphs apart by a blank line, a line starting "- " a list item. A
field the template names that casework does not know is an error, not an empty space.
"""

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from jinja2 import (
    ChoiceLoader,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    meta,
)
from jinja2.sandbox import SandboxedEnvironment

from casework.errors import UserError
from casework.letters import ombudsman
from casework.letters.fields import FIELDS
from casework.letters.kinds import KINDS
from casework.profile.council import Profile

BUILT_IN = Path(__file__).resolve().parent / "builtin"
SUFFIX = ".txt"


@dataclass
class Written:
    heading: str
    body: str
    origin: str  # "built-in england" or the council's file
    version: str  # SHA-256 of the template's text, first 16 hex digits


def council_folder(profile: Profile) -> Path | None:
    """`letters/` beside a profile file, if there is one; None for a built-in profile."""
    if not profile.source or profile.source.startswith("built-in"):
        return None
    folder = Path(profile.source).parent / "letters"
    return folder if folder.is_dir() else None


def _environment(profile: Profile, language: str = "en") -> SandboxedEnvironment:
    """Welsh letters come from `cy/` folders only: never an English text in their place."""
    own = council_folder(profile)
    if language == "cy":
        folders = [BUILT_IN / profile.regime / "cy"]
        if own is not None:
            folders.insert(0, own / "cy")
    else:
        folders = [BUILT_IN / profile.regime, BUILT_IN / "england"]
        if own is not None:
            folders.insert(0, own)
    return SandboxedEnvironment(
        loader=ChoiceLoader([FileSystemLoader(str(f)) for f in dict.fromkeys(folders)]),
        undefined=StrictUndefined, autoescape=False, lstrip_blocks=True,
        keep_trailing_newline=False)


def write(profile: Profile, kind: str, fields: dict, language: str = "en") -> Written:
    env = _environment(profile, language)
    try:
        template = env.get_template(kind + SUFFIX)
        text = template.render(fields)
    except TemplateNotFound:
        if language == "cy":
            raise UserError(f"{fields['recipient']} asked for letters in Welsh and there is no Welsh "
                            f"{kind} letter yet: add letters/cy/{kind}{SUFFIX} beside your profile") from None
        raise UserError(f"no template for the letter {kind}: add {kind}{SUFFIX} to the letters "
                        "folder beside your profile") from None
    except TemplateSyntaxError as exc:
        raise UserError(f"{_where(exc.filename)}:{exc.lineno}: {exc.message}; fix the template "
                        "(casework profile check PROFILE checks them all)") from None
    except TemplateError as exc:
        raise UserError(f"the template {_where(template.filename)} cannot be filled: {exc.message}; "
                        f"the fields are: {', '.join(FIELDS)}") from None
    source = Path(template.filename).read_bytes()
    path = Path(template.filename)
    origin = (f"built-in {path.parent.relative_to(BUILT_IN).as_posix()}"
              if path.is_relative_to(BUILT_IN) else template.filename)
    heading, _, body = text.strip().partition("\n")
    return Written(heading.strip(), _tidy(body), origin, hashlib.sha256(source).hexdigest()[:16])


def _tidy(body: str) -> str:
    """Blank lines left by a block that said nothing collapse to one."""
    out, blank = [], True
    for line in body.strip().splitlines():
        if not line.strip():
            if not blank:
                out.append("")
            blank = True
            continue
        out.append(line.rstrip())
        blank = False
    return "\n".join(out)


def _where(filename: str | None) -> str:
    if not filename:
        return "template"
    path = Path(filename)
    return f"built-in {path.parent.name}/{path.name}" if path.is_relative_to(BUILT_IN) else str(path)


def check_folder(folder: Path) -> list[str]:
    """What is wrong with the templates in a council's letters folder, a line each with the
    file and line: an unknown kind, a syntax error, an unknown field, a field the kind needs
    and the template leaves out."""
    problems = []
    env = SandboxedEnvironment(autoescape=False)
    if (folder / "cy").is_dir():
        problems += check_folder(folder / "cy")  # the Welsh letters, by the same rules
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or not path.is_file():
            continue
        kind = path.name.removesuffix(SUFFIX)
        if path.suffix != SUFFIX or kind not in KINDS:
            problems.append(f"{path}: not a kind of letter; name it one of: "
                            + ", ".join(k + SUFFIX for k in KINDS))
            continue
        try:
            source = path.read_text(encoding="utf-8")
            named = meta.find_undeclared_variables(env.parse(source, name=path.name))
        except UnicodeDecodeError:
            problems.append(f"{path}: not UTF-8 text; save it as UTF-8")
            continue
        except TemplateSyntaxError as exc:
            problems.append(f"{path}:{exc.lineno}: {exc.message}")
            continue
        for name in sorted(named - set(FIELDS)):
            problems.append(f"{path}:{_line_of(source, name)}: unknown field {name}; the fields "
                            f"are: {', '.join(FIELDS)}")
        for name in KINDS[kind].must:
            if name not in named:
                problems.append(f"{path}: the {kind} letter must use the field {name}")
        problems += _ombudsman_unaddressed(path, source, named)
    return problems


def _ombudsman_unaddressed(path: Path, source: str, named: set[str]) -> list[str]:
    """A letter that refers its reader to the Ombudsman (in its words, or by the field
    `ombudsman`) says where to find it, from the one place casework keeps the address
    (casework.letters.ombudsman). What the template only tests, as recipient_is, is no mention."""
    if "ombudsman_address" in named:
        return []
    for n, line in enumerate(source.splitlines(), 1):
        said = _TAGS.sub(" ", line)
        if ombudsman.mentions(said) or re.search(r"\{\{-?\s*ombudsman\b", line):
            return [f"{path}:{n}: the letter names the Ombudsman; give its address with "
                    "{{ ombudsman_address }} on lines of their own"]
    return []


_TAGS = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}")


def _line_of(source: str, name: str) -> int:
    for n, line in enumerate(source.splitlines(), 1):
        if name in line:
            return n
    return 1
