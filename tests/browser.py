"""Debian's chromium driven by Playwright against a real `casework serve`, for the browser tests.

textual-serve draws with xterm.js on a canvas, so there is no text in the DOM to read. The
tests hand the page's own terminal object to themselves (one line added to the served script
as it arrives) and read xterm's buffer: the very characters being drawn.
"""

import json
import os
import subprocess
import sys
import time

import pytest

CHROMIUM = "/usr/bin/chromium"
# Debian's chromium, never a browser Playwright downloads; no network beyond the test server.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

needs_chromium = pytest.mark.skipif(
    not os.access(CHROMIUM, os.X_OK),
    reason=f"Debian's chromium is not installed ({CHROMIUM}); scripts/test installs it",
)

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


def casework(db: str, *args: str, env: dict | None = None) -> str:
    env = {**{k: v for k, v in os.environ.items() if k not in ("CASEWORK_DB", "CASEWORK_USER")},
           **(env or {})}
    proc = subprocess.run([sys.executable, "-m", "casework", "--db", db, *args],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


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


def keep_terminal(route):
    """For page.route on textual.js: the script as served, with the hook added."""
    response = route.fetch()
    script = response.text()
    if OPEN_TERMINAL not in script:
        # Fail (not skip) so that a textual-serve upgrade that moves this is seen at once.
        route.abort()
        raise AssertionError(f"textual.js no longer has {OPEN_TERMINAL!r}: update the test's hook")
    route.fulfill(response=response, body=script.replace(OPEN_TERMINAL, OPEN_TERMINAL + KEEP_TERMINAL, 1))


def requests_from_pages(net_log: str) -> list[str]:
    """Every address chromium's net log (--log-net-log) shows a page asking for: what a page
    loads, opens or navigates to, and any connection made ahead for it, but not what the
    browser asks its own makers' services (updates, accounts), which no page can stop."""
    with open(net_log, encoding="utf-8") as file:
        log = json.load(file)
    kinds = {value: name for name, value in log["constants"]["logEventTypes"].items()}
    asked = []
    for event in log["events"]:
        params = event.get("params") or {}
        kind = kinds.get(event["type"])
        if kind == "URL_REQUEST_START_JOB" and (params.get("initiator", "").startswith(("http:", "https:"))
                                                or params.get("request_type") in ("main frame", "sub frame")):
            asked.append(params["url"])
        elif kind == "HTTP_STREAM_JOB_CONTROLLER" and params.get("is_preconnect"):
            asked.append(params["url"])
    return asked
