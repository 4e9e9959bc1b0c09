"""A browser session ends when idle, and a person's tabs are capped (casework.serve.signin)."""

import time

from aiohttp.test_utils import make_mocked_request

from casework.serve.signin import COOKIE, IN_ALL, PER_PERSON, Gate, SignedIn


def _asking(token: str):
    return make_mocked_request("GET", "/", headers={"Cookie": f"{COOKIE}={token}"})


def test_a_session_ends_after_its_idle_time():
    gate = Gate(None, None, "Example", secure=False, idle=0.2)
    gate.sessions["t"] = SignedIn("hr1", "127.0.0.1")
    assert gate.current(_asking("t")).login == "hr1"
    assert gate.current(_asking("other")) is None
    time.sleep(0.3)
    assert gate.current(_asking("t")) is None and "t" not in gate.sessions


def test_tabs_are_capped_per_person_and_in_all():
    gate = Gate(None, None, "Example", secure=False)
    mine = SignedIn("hr1", "127.0.0.1", sockets={object() for _ in range(PER_PERSON)})
    gate.sessions["a"] = mine
    assert "tabs open already" in gate.may_open_tab(mine)
    others = {f"s{i}": SignedIn(f"u{i}", "x", sockets={object()}) for i in range(IN_ALL)}
    gate.sessions = others
    assert "as many tabs open as it runs" in gate.may_open_tab(SignedIn("new", "x"))
