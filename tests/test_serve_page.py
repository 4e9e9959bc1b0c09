"""The application's page in the browser: it starts the application as it loads (no splash, no
click), names and asks for nothing on any other site, and draws with fonts it serves itself,
in which every icon Textual draws has a glyph.

A real `casework serve` with sign-ins; the tab is signed in by the session cookie of a sign-in
made over HTTP (tests/signin_client.py), so that nothing at all is clicked or typed in it.
"""

import re
import time
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pyotp
import pytest
from browser import CHROMIUM, CHROMIUM_ARGS, Screen, casework, keep_terminal, needs_chromium, requests_from_pages
from served import Served
from signin_client import Client

LOGIN = "hr.patel"  # the demo council's HR adviser
PASSWORD = "a long browser passphrase"
FONTS = ("DejaVuSansMono.ttf", "DejaVuSansMono-Bold.ttf", "Symbola-icons.ttf")
# What Textual draws besides letters: borders, the header's circle, the command palette's lens,
# the file tree's folders, ticks and crosses, arrows, the footer's keys, the queue's marks.
ICONS = "─│┌┐└┘━┃╭╮╰╯▶▼▲✓✗←→↑↓⏎⌫⇥⭘🔎📁📂📄…·–—•■▐▌"


@pytest.fixture(scope="module")
def signed_in(tmp_path_factory):
    """A server, and two sessions of the HR adviser's on it: one to read pages over HTTP, one
    for the browser's tab (which ends signed out)."""
    folder = tmp_path_factory.mktemp("page")
    db = str(folder / "council.db")
    casework(db, "--as", "mo", "init")
    casework(db, "--as", "mo", "demo", "--cases", "10")
    logins = {"CASEWORK_LOGINS": str(folder / "logins.db"), "CASEWORK_UPLOADS": str(folder / "uploads")}
    code = casework(db, "--as", "mo", "users", "reset", LOGIN, env=logins).split(": ", 1)[1].split()[0]
    served = Served(db, "mo", env=logins)
    try:
        served.wait_for("ctrl+c to stop")
        secret = Client(served.port).enrol(LOGIN, code, PASSWORD)
        sessions = []
        # A code signs in once: the second session takes the next one, which is still good now.
        for at in (time.time(), time.time() + 30):
            client = Client(served.port)
            response, _ = client.sign_in(LOGIN, PASSWORD, pyotp.TOTP(secret).at(at))
            assert response.status == 303, response.status
            sessions.append(client)
        yield served, *sessions
    finally:
        served.stop()


class _Addresses(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("src", "href", "action", "data-session-websocket-url", "formaction", "poster"):
                self.found.append((tag, name, value or ""))


def _own(address: str, port: int) -> bool:
    """A path on this server, or a full address of this server's own."""
    parts = urlsplit(address)
    if not parts.scheme and not parts.netloc:
        return address.startswith("/") and not address.startswith("//")
    return parts.scheme in ("http", "ws") and parts.netloc == f"127.0.0.1:{port}"


def test_the_page_names_no_other_site_and_serves_its_fonts(signed_in):
    served, client, _ = signed_in
    home, page = client.request("GET", "/")
    assert home.status == 200
    parser = _Addresses()
    parser.feed(page)
    assert ("link", "href", "/static/casework/page.css") in parser.found
    assert ("script", "src", "/static/js/textual.js") in parser.found
    assert ("div", "data-session-websocket-url", f"ws://127.0.0.1:{served.port}/ws") in parser.found
    assert ("form", "action", "/signout") in parser.found
    strangers = [found for found in parser.found if not _own(found[2], served.port)]
    assert not strangers, strangers
    # No splash to click through: the only button on the page is "Sign out".
    assert page.count("<button") == 1 and 'id="start"' not in page

    for sheet in ("/static/casework/page.css", "/static/css/xterm.css"):
        response, text = client.request("GET", sheet)
        assert response.status == 200 and response.getheader("Content-Type").startswith("text/css")
        assert "@import" not in text
        for address in re.findall(r"url\(\s*['\"]?([^'\")]+)", text):
            assert "//" not in address and not address.startswith("/"), (sheet, address)

    # Everything the page loads, runs or connects to is the server's own, and nothing is inline.
    policy = dict(d.strip().split(" ", 1) for d in home.getheader("Content-Security-Policy").split(";"))
    for directive in ("script-src", "style-src", "font-src", "connect-src"):
        assert policy[directive] == "'self'", policy
    assert policy["default-src"] == "'none'"
    assert not [v for v in policy.values() if v not in ("'self'", "'none'")], policy

    for name in FONTS:
        response, _ = client.request("GET", f"/static/casework/fonts/{name}")
        assert response.status == 200 and response.getheader("Content-Type") == "font/ttf", name
    # Like the rest of the page, not to anyone without a session.
    assert Client(served.port).request("GET", f"/static/casework/fonts/{FONTS[0]}")[0].status == 403


@needs_chromium
def test_the_application_starts_as_the_page_loads_and_asks_no_other_site(signed_in, tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    served, _, client = signed_in
    net_log = tmp_path / "net-log.json"
    asked, fonts = [], {}
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, f"--log-net-log={net_log}"])
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 900})
            name, value = client.cookie.split("=", 1)
            context.add_cookies([{"name": name, "value": value, "url": served.url}])
            page = context.new_page()
            page.on("request", lambda request: asked.append(request.url))
            page.on("websocket", lambda socket: asked.append(socket.url))
            page.on("response", lambda r: fonts.update({urlsplit(r.url).path: (r.status, r.headers.get("content-type"))})
                    if "/fonts/" in r.url else None)
            # What the page's policy refuses, as the page itself hears of it.
            page.add_init_script("window.__refused = []; document.addEventListener('securitypolicyviolation',"
                                 " e => window.__refused.push([e.effectiveDirective, e.blockedURI]));")
            page.route("**/static/js/textual.js", keep_terminal)
            page.goto(served.url)

            # Nothing clicked, nothing typed: the triage queue is there.
            triage = Screen(page).wait_for("Reference", "Stage", "Anita Patel (HR adviser)")
            assert page.url == f"{served.url}/"
            shot = tmp_path / "triage.png"
            page.screenshot(path=str(shot))
            assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

            # The terminal draws with the faces casework serves, all of them in hand.
            family = page.evaluate("() => window.__caseworkTerminals[0].options.fontFamily")
            assert family.startswith("'Roboto Mono'"), family
            faces = page.evaluate("() => [...document.fonts].map(f => [f.family, f.status])")
            assert faces and all(status == "loaded" for _, status in faces), faces
            # Every icon, and every character on the screen, is drawn from a glyph, not as the
            # empty box a font draws for a character it lacks.
            shown = sorted({c for c in triage if ord(c) > 127} | set(ICONS))
            boxed = page.evaluate(_BOXED, {"family": family, "chars": shown})
            assert not boxed, f"drawn as empty boxes: {boxed}"
            assert page.evaluate(_BOXED, {"family": family, "chars": ["\ue001"]}) == ["\ue001"]

            for name in FONTS:
                assert fonts.get(f"/static/casework/fonts/{name}") == (200, "font/ttf"), fonts
            # textual.js adds its page rules as inline <style> elements, which the policy refuses
            # (page.css carries the same rules); nothing else is refused.
            refused = page.evaluate("() => window.__refused")
            assert all(r == ["style-src-elem", "inline"] for r in refused), refused

            # Signed out elsewhere, the tab's application ends and the page says so, with a way back.
            assert client.request("POST", "/signout", {})[0].status == 303
            page.locator(".ended").wait_for(state="visible", timeout=10_000)
            assert page.locator(".ended a").get_attribute("href") == "/"
            page.screenshot(path=str(tmp_path / "ended.png"))
        finally:
            browser.close()  # the net log is complete once the browser has gone

    origin = f"127.0.0.1:{served.port}"
    assert asked and all(urlsplit(url).netloc == origin for url in asked), asked
    assert f"ws://{origin}/ws" in {url.split("?")[0] for url in asked}
    from_log = requests_from_pages(str(net_log))
    assert f"{served.url}/static/casework/fonts/DejaVuSansMono.ttf" in from_log, from_log
    assert all(urlsplit(url).netloc == origin for url in from_log), from_log


# Draws each character, and one no font has (a private-use one), in the terminal's font; a
# character drawn exactly as that one is a box.
_BOXED = """({family, chars}) => {
  const canvas = document.createElement("canvas");
  canvas.width = 96; canvas.height = 64;
  const ctx = canvas.getContext("2d", {willReadFrequently: true});
  const draw = (c) => {
    ctx.fillStyle = "#000"; ctx.fillRect(0, 0, 96, 64);
    ctx.fillStyle = "#fff"; ctx.font = `32px ${family}`; ctx.fillText(c, 8, 44);
    return ctx.getImageData(0, 0, 96, 64).data.join(",");
  };
  const box = draw("\\ue000");
  return chars.filter((c) => draw(c) === box);
}"""
