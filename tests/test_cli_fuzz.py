"""Every command of the command line, fed random and hostile input (hypothesis).

The commands are found by walking the click group, so a command added later is fuzzed too.
Each refusal must be one line starting "casework: " with exit 2, no traceback, and the
database exactly as it was; input that happens to be valid may succeed.
"""

import click
import evidence as ev
import pytest
from cli_runner import run_cli
from helpers import dump, populated_workspace
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casework.cli.main import _register
from casework.cli.main import cli as group

_register()
# demo fills a database on purpose; restore replaces it on purpose (both have own tests).
SKIP = {("demo",), ("restore",)}


def _leaves(cmd, path=()):
    if isinstance(cmd, click.Group):
        for name, sub in sorted(cmd.commands.items()):
            yield from _leaves(sub, path + (name,))
    elif path not in SKIP:
        yield path, cmd


COMMANDS = list(_leaves(group))

HOSTILE = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", " ", "\x00", "bell\x07", "\u202eevil", "\u0633\u0627\u0631\u0627", "x" * 300_000,
                     "../../etc/passwd", "--help-not", "'; DROP TABLE case_file; --", "%s%n", "\udcff"]),
)
DATES = st.one_of(st.sampled_from(["2026-13-01", "01/02/2026", "2099-01-01", "2026-02-30", "yesterday",
                                   "2026-11-20", "1900-01-01", ""]), st.text(max_size=12))


@pytest.fixture(scope="module")
def place(tmp_path_factory):
    """A small council, and a corpus of files that are not what they claim to be."""
    root = tmp_path_factory.mktemp("fuzz")
    ws = populated_workspace(f"sqlite:///{root}/fuzz.db")
    from casework.cases.opening import open_case

    ref = open_case(ws, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", "Shouted", "2026-11-02")
    files = root / "files"
    files.mkdir()
    (files / "zero.pdf").write_bytes(b"")
    (files / "fake.pdf").write_bytes(b"GIF89a not a pdf")
    (files / "fake.png").write_bytes(b"%PDF-1.4 not a png")
    (files / "latin1.txt").write_bytes("caf\xe9 \xff\xfe".encode("latin-1"))
    (files / "broken.toml").write_text('council = "X"\nregime = "mars"\n')
    (files / "not.toml").write_text("this is [ not toml")
    ev.pdf(files / "good.pdf", 1)
    # Sheets for `import`: a row it refuses, an empty one, and a workbook that is not one.
    (files / "refused.csv").write_text("name,kind\nCllr Ann Jones,member\nX,wizard\n")
    (files / "empty.csv").write_bytes(b"")
    (files / "fake.xlsx").write_text("name,kind\n")
    corpus = [str(p) for p in sorted(files.iterdir())] + [str(files), str(root / "missing.pdf"),
                                                         str(root / "nowhere" / "out.pdf"), "/proc/out.pdf"]
    return root, ws, ref, corpus


def _value(param: click.Parameter, ref: str, corpus: list[str]):
    name = (param.name or "").lower()
    if isinstance(param.type, click.Choice):
        return st.sampled_from(list(param.type.choices) + ["bogus", ""])
    if isinstance(param.type, click.types.IntParamType):
        return st.one_of(st.integers(-5, 10**12).map(str), HOSTILE)
    if name in ("ref",):
        return st.one_of(st.sampled_from([ref, ref.lower(), "MOP-1999-0001"]), HOSTILE)
    if name in ("on", "received", "due", "hearing", "signed", "complied"):
        return DATES
    if name in ("file", "out", "path", "backup_file", "target"):
        return st.one_of(st.sampled_from(corpus), HOSTILE)
    if "login" in name or name in ("handler", "user"):
        return st.one_of(st.sampled_from(["mo", "view", "inv", "nobody"]), HOSTILE)
    return HOSTILE


def _args(draw, path, cmd, ref, corpus) -> list[str]:
    args = list(path)
    for param in cmd.params:
        if isinstance(param, click.Argument):
            if draw(st.integers(0, 9)):  # now and then leave it out
                args.append(draw(_value(param, ref, corpus)))
        elif isinstance(param, click.Option) and draw(st.booleans()):
            flag = param.opts[-1]
            if param.is_flag:
                args.append(flag)
            else:
                args += [flag, draw(_value(param, ref, corpus))]
    if draw(st.integers(0, 6)) == 0:
        args += ["--profile", draw(st.sampled_from(corpus))]
    return args


@pytest.mark.parametrize("path,cmd", COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_hostile_input_gets_one_line_and_changes_nothing(place, path, cmd, data, monkeypatch):
    root, ws, ref, corpus = place
    monkeypatch.chdir(root)  # a relative --out lands here, not in the checkout
    args = _args(data.draw, path, cmd, ref, corpus)
    user = data.draw(st.sampled_from(["mo", "mo", "view", "stranger"]))
    if path == ("serve",):
        # Valid input would serve until ctrl+c: everything up to listening is fuzzed, not that.
        monkeypatch.setattr("casework.serve.server.run", lambda *args, **kwargs: None)
    before = dump(ws)
    try:
        result = run_cli(str(root / "fuzz.db"), *args, user=user)
    except ValueError as exc:  # argv cannot carry a NUL byte to a real process either
        assert "null" in str(exc).lower() or "surrogate" in str(exc).lower()
        return
    assert "Traceback" not in result.err, result.err
    if result.code != 0:
        lines = result.err.splitlines()
        assert result.code == 2 and len(lines) == 1 and lines[0].startswith("casework: "), (args, result.err)
        assert dump(ws) == before, args
