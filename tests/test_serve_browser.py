"""`casework serve` end to end: a real browser (Debian's chromium, driven by Playwright) signs in
with a password and an authenticator code, finds the triage queue, opens a case and its timeline with the keyboard, and reads
what the timeline says back from the terminal in the page.

textual-serve draws with xterm.js on a canvas, so there is no text in the DOM to read. The
test hands the page's own terminal object to itself (one line added to the served script as
it arrives) and reads xterm's buffer: the very characters being drawn.
"""

import json
import os
import subprocess
import sys
import time

import pyotp
import pytest
from served import Served
from signin_client import Client

from casework.serve.logins import LOCK_AFTER

CHROMIUM = "/usr/bin/chromium"
# Debian's chromium, never a browser Playwright downloads; no network beyond the test server.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LOGIN = "hr.patel"  # the demo council's HR adviser
PASSWORD = "a long browser passphrase"

# Where textual.js opens its terminal; the hook after it keeps a reference the test can read.
OPEN_TERMINAL = "this.terminal.open(e),"
KEEP_TERMINAL = "(window.__caseworkTerminals=window.__caseworkTerminals||[]).push(this.terminal),"
SCREEN_TEXT = """() => {
  const term = (window.__caseworkTerminals || [])[0];
  if (!term) return "";
  const buffer = term.buffer.active, rows = [];
  for (let y = 0; y < term.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y);
    rows.push(line ? line.translateToString(true) : "");
  }
  return rows.join("\\n");
}"""

pytestmark = pytest.mark.skipif(
    not os.access(CHROMIUM, os.X_OK),
    reason=f"Debian's chromium is not installed ({CHROMIUM}); scripts/test installs it",
)


def casework(db: str, *args: str, env: dict | None = None) -> str:
    env = {**{k: v for k, v in os.environ.items() if k not in ("CASEWORK_DB", "CASEWORK_USER")},
           **(env or {})}
    proc = subprocess.run([sys.executable, "-m", "casework", "--db", db, *args],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.fixture(scope="module")
def council(tmp_path_factory) -> str:
    db = str(tmp_path_factory.mktemp("browser") / "council.db")
    casework(db, "--as", "mo", "init")
    casework(db, "--as", "mo", "demo", "--cases", "10")
    # However the demo's draw fell, the HR adviser has an open complaint of their own to read.
    ref = casework(db, "--as", LOGIN, "new", "--about", "Rachel Ng", "--by", "Cllr Margaret Thornbury",
                   "--clause", "21.9.1", "--summary", "Curt reply to a ward enquiry").strip()
    casework(db, "--as", LOGIN, "advance", ref, "try_informal")
    return db


class Screen:
    def __init__(self, page):
        self.page = page

    def text(self) -> str:
        return self.page.evaluate(SCREEN_TEXT)

    def wait_for(self, *words: str, timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        while True:
            text = self.text()
            if all(word in text for word in words):
                return text
            if time.monotonic() > deadline:
                raise AssertionError(f"never saw {words} on the page; it shows:\n{text}")
            time.sleep(0.1)


def _keep_terminal(route):
    response = route.fetch()
    script = response.text()
    if OPEN_TERMINAL not in script:
        # Fail (not skip) so that a textual-serve upgrade that moves this is seen at once.
        route.abort()
        raise AssertionError(f"textual.js no longer has {OPEN_TERMINAL!r}: update the test's hook")
    route.fulfill(response=response, body=script.replace(OPEN_TERMINAL, OPEN_TERMINAL + KEEP_TERMINAL, 1))


def _sign_in(page, password: str, code: str, login: str = LOGIN) -> None:
    page.fill("#login", login)
    page.fill("#password", password)
    page.fill("#code", code)
    page.click("button[type=submit]")


def test_hr_adviser_signs_in_and_reads_a_timeline_in_the_browser(council, tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    open_refs = [line.split()[0] for line in casework(council, "--as", LOGIN, "list").splitlines()]
    assert open_refs, "the demo gave the HR adviser no open case to read"
    logins = {"CASEWORK_LOGINS": str(tmp_path / "logins.db"), "CASEWORK_UPLOADS": str(tmp_path / "uploads")}
    code = casework(council, "--as", "mo", "users", "reset", LOGIN, env=logins).split(": ", 1)[1].split()[0]
    mo_code = casework(council, "--as", "mo", "users", "reset", "mo", env=logins).split(": ", 1)[1].split()[0]

    served = Served(council, "mo", env=logins)
    try:
        served.wait_for("ctrl+c to stop")
        secret = Client(served.port).enrol(LOGIN, code, PASSWORD)
        mo_secret = Client(served.port).enrol("mo", mo_code, PASSWORD)
        with sync_api.sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(viewport={"width": 1400, "height": 900}, accept_downloads=True)
                page.route("https://fonts.googleapis.com/**", lambda route: route.abort())
                page.route("**/static/js/textual.js", _keep_terminal)
                page.goto(served.url)
                # Nothing of the application before signing in; a wrong code is refused.
                assert page.url.endswith("/signin") and page.title() == "Sign in · casework"
                _sign_in(page, PASSWORD, "000000")
                assert "do not match" in page.inner_text("[role=alert]")
                # Five wrong codes in a row lock a login, the right one then too.
                for _ in range(LOCK_AFTER):
                    _sign_in(page, PASSWORD, "000000", login="mo")
                _sign_in(page, PASSWORD, pyotp.TOTP(mo_secret).now(), login="mo")
                assert "locked until" in page.inner_text("[role=alert]")
                _sign_in(page, PASSWORD, pyotp.TOTP(secret).now())
                screen = Screen(page)

                triage = screen.wait_for("Reference", "Stage", " cases", "Anita Patel (HR adviser)")
                shown = [ref for ref in open_refs if ref in triage]
                assert shown, f"none of {open_refs} in the triage queue:\n{triage}"

                page.locator(".xterm-helper-textarea").focus()  # the keyboard, as a person's tab
                page.keyboard.press("Enter")
                case = screen.wait_for("complaint about", "Stage ")
                ref = next(r for r in open_refs if f"{r}  complaint about" in case)

                page.keyboard.press("t")
                timeline = screen.wait_for(f"{ref}  now:", "Day", "Who", "What")
                rows = json.loads(casework(council, "--as", LOGIN, "timeline", ref, "--format", "json"))["rows"]
                events = [row["what"] for row in rows if row["from"] is not None]
                assert events, rows
                for event in events:  # each step the case took, as the database has it
                    assert event in timeline, (event, timeline)
                assert rows[-1]["what"][:60] in timeline

                shot = tmp_path / "timeline.png"
                page.screenshot(path=str(shot))
                assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

                # The export comes to the browser as a download, written by the signed-in user.
                with page.expect_download(timeout=30_000) as downloading:
                    page.keyboard.press("v")
                saved = tmp_path / "downloaded.csv"
                downloading.value.save_as(saved)
                assert downloading.value.suggested_filename == f"{ref}-timeline.csv"
                assert saved.read_text().startswith("seq,at,on,actor,action,what")
                trail = json.loads(casework(council, "--as", "mo", "show", ref, "--json"))["history"]
                exports = [e for e in trail if e["action"] == "export"]
                assert exports and exports[-1]["actor"] == LOGIN
                signed = json.loads(casework(council, "--as", "mo", "users", "sign-ins", "--json"))
                assert [(e["login"], e["what"]) for e in signed] == [
                    (LOGIN, "sign-in"), *[("mo", "sign-in-refused")] * (LOCK_AFTER + 1),
                    (LOGIN, "sign-in-refused")]

                # ctrl+c with the tab still open: the server and the app it started both end.
                assert served.interrupt() == 0
                assert "Stopped serving." in served.output and "Traceback" not in served.output
            finally:
                browser.close()
        with pytest.raises(ProcessLookupError):
            os.killpg(served.proc.pid, 0)
    finally:
        served.stop()
