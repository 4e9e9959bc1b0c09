"""The user's settings file (issue 21, item 3): the flag wins, then the environment, then the
file, then the default; `casework config path|show|check`; a bad file is one line naming the
line and the key; the mail password is never shown and never read from a file others can read."""

import os

import pytest
from cli_runner import run_cli

from casework.cli.context import Ctx
from casework.config import setting
from casework.errors import UserError
from casework.letters.send import settings


@pytest.fixture
def settings_file(tmp_path, monkeypatch):
    file = tmp_path / "config.toml"
    monkeypatch.setenv("CASEWORK_CONFIG", str(file))
    for name in ("CASEWORK_DB", "CASEWORK_USER", "CASEWORK_PROFILE", "CASEWORK_SMTP_HOST",
                 "CASEWORK_SMTP_FROM", "CASEWORK_SMTP_PASSWORD"):
        monkeypatch.delenv(name, raising=False)

    def write(text: str, mode: int = 0o600):
        file.write_text(text)
        os.chmod(file, mode)
        return file
    return write


def test_the_flag_then_the_environment_then_the_file(settings_file, tmp_path, monkeypatch):
    settings_file(f'db = "{tmp_path}/from-file.db"\nuser = "hr"\nprofile = "wales"\n')
    ctx = Ctx(None, None, None)
    assert ctx.db == f"{tmp_path}/from-file.db" and ctx.login == "hr" and ctx.profile == "wales"
    monkeypatch.setenv("CASEWORK_DB", str(tmp_path / "from-env.db"))
    monkeypatch.setenv("CASEWORK_USER", "mo")
    assert Ctx(None, None, None).db == str(tmp_path / "from-env.db")
    assert Ctx(None, None, None).login == "mo"
    ctx = Ctx(str(tmp_path / "flag.db"), "clerk", "england")
    assert ctx.db == str(tmp_path / "flag.db") and ctx.login == "clerk" and ctx.profile == "england"


def test_the_mail_server_from_the_file_and_its_password_kept_private(settings_file):
    text = ('[smtp]\nhost = "mail.example.gov.uk"\nport = 465\nsecurity = "tls"\n'
            'user = "standards"\npassword = "s3cret pass"\nfrom = "standards@example.gov.uk"\n')
    settings_file(text)
    got = settings()
    assert (got.host, got.port, got.security, got.user, got.password) == \
        ("mail.example.gov.uk", 465, "tls", "standards", "s3cret pass")
    shown = run_cli("unused.db", "config", "show")
    assert shown.code == 0 and "mail.example.gov.uk" in shown.out
    assert "s3cret" not in shown.out and "smtp.password   (set)" in shown.out
    settings_file(text, 0o644)
    with pytest.raises(UserError, match="other accounts can read it; chmod 600"):
        setting("smtp.host")


@pytest.mark.parametrize("text, said", [
    ('db = "x.db"\ndatabase = "y.db"\n', ":2: database is not a setting"),
    ('user = 3\n', ":1: user must be text in quotes"),
    ('[smtp]\nport = "five"\n', ":2: smtp.port must be a whole number"),
    ('[smtp]\nhots = "mail"\n', ":2: smtp.hots is not a mail setting"),
    ('db = "x.db\n', "is not valid TOML"),
])
def test_a_bad_file_is_one_line_naming_line_and_key(settings_file, text, said):
    file = settings_file(text)
    r = run_cli("unused.db", "config", "check")
    assert r.code == 2 and r.err.count("\n") == 1 and str(file) in r.err and said in r.err, r.err
    assert run_cli("unused.db", "config", "path").out.strip() == str(file)  # still says where


def test_an_unknown_theme_is_named(settings_file):
    settings_file('theme = "sunset-strip"\n')
    r = run_cli("unused.db", "config", "check")
    assert r.code == 2 and "theme 'sunset-strip' is not a theme" in r.err
    settings_file('theme = "textual-light"\n')
    assert "good (1 setting)" in run_cli("unused.db", "config", "check").out


async def test_the_application_takes_the_theme_from_the_file(settings_file, tmp_path):
    from helpers import populated_workspace

    from tui.app import CaseworkApp

    settings_file('theme = "textual-light"\n')
    ws = populated_workspace(f"sqlite:///{tmp_path}/c.db")
    app = CaseworkApp(ws, "mo", offer_demo=False)
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.theme != "textual-light"
        app._own_theme()  # what a launched session does on mounting
        await pilot.pause()
        assert app.theme == "textual-light"


async def test_a_theme_picked_in_the_application_is_kept_for_the_next_start(settings_file, tmp_path, monkeypatch):
    from helpers import populated_workspace

    # A launched session keeps its first page for the next start: here, not in this machine's cache.
    for folder in ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(folder, str(tmp_path / folder.lower()))

    from tui.app import CaseworkApp

    file = settings_file('# my settings\nuser = "mo"   # me\ntheme = "textual-light"\n')
    ws = populated_workspace(f"sqlite:///{tmp_path}/c.db")
    app = CaseworkApp(ws, "mo", offer_demo=False, launched=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.theme == "textual-light"
        assert file.read_text().endswith('theme = "textual-light"\n')  # the file's own: not rewritten
        app.theme = "gruvbox"  # as the command palette's theme picker sets it
        await pilot.pause()
        await pilot.pause()
    # Kept, with the person's comments and order, and still theirs alone.
    assert file.read_text() == '# my settings\nuser = "mo"   # me\ntheme = "gruvbox"\n'
    assert oct(file.stat().st_mode & 0o777) == "0o600"
    again = CaseworkApp(ws, "mo", offer_demo=False, launched=True)
    async with again.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert again.theme == "gruvbox"


async def test_keys_are_moved_by_the_settings_file_and_the_help_shows_them(settings_file, tmp_path, monkeypatch):
    from helpers import populated_workspace

    from tui.app import CaseworkApp
    from tui.screens.help import HelpScreen
    from tui.screens.new_complaint import NewComplaintScreen

    for folder in ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(folder, str(tmp_path / folder.lower()))
    settings_file('[keys]\n"queue.new-complaint" = "f2"\n"queue.nothing" = "f3"\n')
    assert "good" in run_cli("unused.db", "config", "check").out
    ws = populated_workspace(f"sqlite:///{tmp_path}/c.db")
    app = CaseworkApp(ws, "mo", offer_demo=False, launched=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert any("[keys] names no binding queue.nothing" in m for m in app.notified)
        await pilot.press("question_mark")
        await pilot.pause()
        help_text = str(app.screen.query_one("#help-text").render())
        assert isinstance(app.screen, HelpScreen) and "f2" in help_text and "(queue.new-complaint)" in help_text
        await pilot.press("escape")
        await pilot.press("n")  # no longer the key
        await pilot.pause()
        assert not isinstance(app.screen, NewComplaintScreen)
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, NewComplaintScreen)


def test_a_key_that_is_not_text_is_named_with_its_line(settings_file):
    settings_file('[keys]\n"case.advance" = 3\n')
    r = run_cli("unused.db", "config", "check")
    assert r.code == 2 and ':2: keys."case.advance" must be the key or keys in quotes' in r.err, r.err


def test_every_binding_of_every_screen_may_be_moved_by_keys():
    """A screen added later is easily forgotten in the list [keys] is checked against: every
    class of the application that has bindings with ids is in it, or a subclass of one in it."""
    import importlib
    import inspect
    import pkgutil

    import tui.screens
    import tui.widgets
    from tui.screens.help import every_holder

    holders = tuple(every_holder())
    forgotten = []
    for package in (tui.screens, tui.widgets):
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            for _, cls in inspect.getmembers(module, inspect.isclass):
                if cls.__module__ != module.__name__:
                    continue
                own = [b for b in cls.__dict__.get("BINDINGS", []) if getattr(b, "id", None)]
                if own and not issubclass(cls, holders):
                    forgotten.append(f"{cls.__module__}.{cls.__name__}")
    assert forgotten == []
