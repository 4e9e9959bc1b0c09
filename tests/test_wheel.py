"""casework installed as its users install it: the wheel built from this tree, into a fresh
virtual environment outside the checkout (what `pip install .`, `pipx install .` and
`uv tool install .` do), then used from there with nothing of the checkout on the path."""

import json
import os
import subprocess
import sys
import tarfile
import tomllib
from datetime import date, timedelta
from pathlib import Path

import pytest
from terminal import run_in_terminal

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A venv with casework installed from a wheel built from a copy of this tree."""
    base = tmp_path_factory.mktemp("installed")
    tree = _copy_tree(base / "src")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--disable-pip-version-check", "-w", str(base / "dist"), str(tree)],
                   check=True, capture_output=True, cwd=base)
    wheel = next((base / "dist").glob("casework-*.whl"))
    venv = base / "venv"
    subprocess.run([_base_python(), "-m", "venv", str(venv)], check=True)
    done = subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", "--no-compile",
                           "--disable-pip-version-check", str(wheel)],
                          capture_output=True, text=True, cwd=base)
    assert done.returncode == 0, done.stderr[-3000:]
    return venv


def _copy_tree(dest: Path) -> Path:
    """What a clean clone holds: the files git knows of, and new ones not ignored."""
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT,
                           check=True, capture_output=True).stdout.split(b"\0")
    dest.mkdir(parents=True)
    archive = dest.parent / "tree.tar"
    with tarfile.open(archive, "w") as tar:
        for name in filter(None, files):
            path = ROOT / os.fsdecode(name)
            if path.is_file():
                tar.add(path, arcname=os.fsdecode(name))
    with tarfile.open(archive) as tar:
        tar.extractall(dest, filter="data")
    return dest


def _base_python() -> str:
    # The venv the tests run in would lend its packages to a venv made from it; start clean.
    return os.path.join(sys.base_prefix, "bin", "python3")


@pytest.fixture
def home(tmp_path) -> dict:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("CASEWORK_", "PYTHON", "VIRTUAL_ENV"))}
    env.update(HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path / "data"),
               XDG_CACHE_HOME=str(tmp_path / "cache"), XDG_STATE_HOME=str(tmp_path / "state"),
               XDG_CONFIG_HOME=str(tmp_path / "config"), CASEWORK_USER="mo")
    return env


def _run(venv: Path, env: dict, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(venv / "bin" / "casework"), *args], capture_output=True,
                          text=True, env=env, cwd=cwd, timeout=300)


def test_the_installed_command_line_works_outside_the_checkout(installed, home, tmp_path):
    where = subprocess.run([str(installed / "bin" / "python"), "-c",
                            "import casework, db, tui; print(casework.__file__, db.__file__, tui.__file__)"],
                           capture_output=True, text=True, env=home, cwd=tmp_path, check=True)
    assert all(p.startswith(str(installed)) for p in where.stdout.split()), where.stdout

    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert _run(installed, home, tmp_path, "--version").stdout.strip() == f"casework {version}"

    init = _run(installed, home, tmp_path, "init")
    assert init.returncode == 0, init.stderr
    assert "mo registered as the Monitoring Officer" in init.stdout
    # the default database: in the user data folder, not the folder it was run from
    assert (tmp_path / "data" / "casework" / "casework.db").is_file()

    demo = _run(installed, home, tmp_path, "demo", "--cases", "20")
    assert demo.returncode == 0, demo.stderr
    listed = _run(installed, home, tmp_path, "list", "--json", "--all")
    assert listed.returncode == 0, listed.stderr
    cases = json.loads(listed.stdout)
    assert len(cases) == 20
    assert {c["route"] for c in cases} == {"member", "officer"}

    england = _run(installed, home, tmp_path, "profile", "init", "--council", "Testshire",
                   "--out", str(tmp_path / "own.toml"))
    assert england.returncode == 0, england.stderr  # the built-in profiles are in the wheel

    # The letters' templates, Welsh ones included, the fonts, and the browser view's page with
    # the files it serves itself are in the wheel too.
    ref = cases[0]["ref"]
    letter = _run(installed, home, tmp_path, "letter", ref, "withdrawal", "--out", str(tmp_path / "w.pdf"))
    assert letter.returncode == 0, letter.stderr
    register = _run(installed, home, tmp_path, "publish", "register", "--out", str(tmp_path / "r.html"))
    assert register.returncode == 0, register.stderr  # its page's template is in the wheel
    packaged = subprocess.run(
        [str(installed / "bin" / "python"), "-c",
         "from casework.bundle.typeface import SHIPPED; from casework.letters.templates import BUILT_IN;"
         "print((SHIPPED / 'DejaVuSans.ttf').is_file(), (BUILT_IN / 'wales' / 'cy' / 'pause.txt').is_file());"
         "from importlib.resources import files; serve = files('casework.serve');"
         "print(*[(serve / name).is_file() for name in ('templates/app.html', 'static/page.css', 'static/page.js',"
         " 'static/fonts/DejaVuSansMono.ttf', 'static/fonts/DejaVuSansMono-Bold.ttf',"
         " 'static/fonts/Symbola-icons.ttf', 'static/fonts/LICENSE-DejaVu.txt', 'static/fonts/LICENSE-Symbola.txt')]);"
         # The statements and the route table shipped for the fast ways are there, and believed.
         "from casework.cases import case_reads; from casework.workflow import route_table;"
         "from casework.queue import shipped;"
         "print(case_reads.shipped() is not None, case_reads.shipped('sqlite_event') is not None,"
         " route_table._table() is not None, shipped.available())"],
        capture_output=True, text=True, env=home, cwd=tmp_path, check=True)
    assert packaged.stdout.split() == ["True"] * 14


def test_the_installed_application_opens_and_closes(installed, home, tmp_path):
    assert _run(installed, home, tmp_path, "init").returncode == 0
    assert _run(installed, home, tmp_path, "demo", "--cases", "20").returncode == 0
    # However the demo's draw fell, one complaint waits past its first deadline.
    late = (date.today() - timedelta(days=40)).isoformat()
    assert _run(installed, home, tmp_path, "new", "--about", "Rachel Ng", "--by",
                "Cllr Margaret Thornbury", "--clause", "21.9.1", "--summary", "Curt reply",
                "--received", late).returncode == 0
    shown = run_in_terminal([str(installed / "bin" / "casework")], env=home, cwd=str(tmp_path),
                            wait_for="OVERDUE", keys=b"\x11")  # ctrl+q
    assert shown.code == 0, shown.stderr_tail
    assert "Reference" in shown.shown and "Example District Council" in shown.shown
    assert "Traceback" not in shown.shown
