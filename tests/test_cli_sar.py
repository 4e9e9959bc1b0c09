"""Subject access requests through the command line: the issue's own form (casework sar PERSON
--out DIR) beside the request's subcommands; every mistake one line on stderr, exit status 2,
nothing written."""

import json
from datetime import timedelta

from cli_runner import checked, refused

from casework.clock import council_today


def _council(url):
    run = checked(url, {"CASEWORK_PROFILE": "england"})
    run("init", "--name", "Mona Officer")
    for kind, name in (("member", "Cllr Ann Jones"), ("officer", "Bob Smith")):
        run("people", "add", "--kind", kind, "--name", name)
    run("users", "add", "hr1", "--name", "Harriet Patel", "--role", "hr")
    return run


def test_a_request_from_receipt_to_answer(sqlite_url, tmp_path):
    cli = _council(sqlite_url)
    ref = cli("new", "--about", "Bob Smith", "--by", "Cllr Ann Jones", "--clause", "21.9.1",
              "--summary", "Bob Smith was curt with Cllr Ann Jones").out.strip()
    received = (council_today() - timedelta(days=2)).isoformat()
    cli("sar", "open", "Cllr Ann Jones", "--received", received, "--alias", "Annie Jones")
    assert "no subject access requests" not in cli("sar", "list").out
    pack = tmp_path / "pack"
    said = cli("sar", "Cllr Ann Jones", "--out", str(pack)).out
    assert "request 1: " in said and (pack / "sar-1-withheld.csv").is_file()
    cli("sar", "answer", "1", "--pack", str(pack / "sar-1-response.pdf"))
    row = json.loads(cli("sar", "list", "--json").out)[0]
    assert (row["status"], row["answered"]) == ("answered", council_today().isoformat())
    history = json.loads(cli("show", ref, "--json").out)["history"]
    assert any(e["action"] == "export" for e in history)


def test_mistakes_are_one_line_and_change_nothing(sqlite_url, tmp_path):
    cli = _council(sqlite_url)
    day = council_today().isoformat()
    refused(cli, "sar", "open", "Cllr Nobody", "--received", day, match="no one called 'Cllr Nobody'")
    refused(cli, "sar", "open", "--received", day, match="name who asked")
    refused(cli, "sar", "open", "Cllr Ann Jones", match="say when the request was received")
    refused(cli, "sar", "open", "Cllr Ann Jones", "--received", "31/02/2026", match="is not a date")
    refused(cli, "sar", "open", "Cllr Ann Jones", "--received", day, user="hr1",
            match="only the Monitoring Officer or Deputy Monitoring Officer may")
    refused(cli, "sar", "Cllr Ann Jones", "--out", str(tmp_path / "p"), match="no open subject access request")
    cli("sar", "open", "Cllr Ann Jones", "--received", day)
    refused(cli, "sar", "extend", "1", "--months", "3", "--reason", "x", match="--months must be 1 or 2")
    refused(cli, "sar", "extend", "7", "--months", "1", "--reason", "x", match="no subject access request 7")
    refused(cli, "sar", "extend", "one", "--months", "1", "--reason", "x", match="not a request number")
    refused(cli, "sar", "answer", "1", "--pack", str(tmp_path), match="no sar-1-response.pdf")
    (tmp_path / "open").mkdir(mode=0o755)
    refused(cli, "sar", "pack", "1", "--out", str(tmp_path / "open"), match="may be opened by others")
    refused(cli, "sar", "pack", "1", "--out", str(tmp_path / "p"), "--withhold", "N9", match="write ITEM=CODE")
    assert not (tmp_path / "p").exists()
