"""`casework serve` end to end: a real browser (Debian's chromium, driven by Playwright) signs in
with a password and an authenticator code, finds the triage queue, opens a case and its timeline with the keyboard, and reads
what the timeline says back from the terminal in the page (tests/browser.py says how).
"""

import json
import os

import pyotp
import pytest
from browser import CHROMIUM, CHROMIUM_ARGS, Screen, casework, keep_terminal, needs_chromium
from served import Served
from signin_client import Client

from casework.serve.logins import LOCK_AFTER

LOGIN = "hr.patel"  # the demo council's HR adviser
PASSWORD = "a long browser passphrase"

pytestmark = needs_chromium


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
                page.route("**/static/js/textual.js", keep_terminal)
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
