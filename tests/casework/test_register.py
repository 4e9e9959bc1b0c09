"""The public register of complaints about Members (`casework publish register`): what each
kind of complaint shows, read back from the page and the CSV as a reader would; whom it names;
its record in the audit trail; and refusals that change nothing."""

import csv
import hashlib
import io
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from cli_runner import run_cli
from helpers import built_council, dump, make_workspace
from register_cases import build
from sqlalchemy import text

import casework.profile.council
from casework.audit.personal import keys
from casework.errors import Refused, UserError
from casework.exports.withdrawal import withdraw_notice
from casework.publication.register import publish_register
from db.audit_personal import mac

BUILT_IN = Path(casework.profile.council.__file__).with_name("builtin")


class Page(HTMLParser):
    """The register's table as a screen reader meets it: the caption, the column headers, and
    each row's cells (the reference a row header), with every address the page would fetch."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.caption, self.headers, self.rows, self.links, self.fetches = "", [], [], [], []
        self._cell, self._in, self._scopes = None, [], []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self._in.append(tag)
        if tag in ("th", "td"):
            self._cell = []
            self._scopes.append(attrs.get("scope"))
        if tag == "tr" and "tbody" in self._in:
            self.rows.append([])
        if tag == "a":
            self.links.append(attrs.get("href"))
        if attrs.get("src") or tag in ("link", "script", "img", "iframe"):
            self.fetches.append((tag, attrs))

    def handle_endtag(self, tag):
        if tag in ("th", "td"):
            cell = " ".join("".join(self._cell).split())
            if "thead" in self._in:
                self.headers.append(cell)
            elif "tbody" in self._in:
                self.rows[-1].append(cell)
            self._cell = None
        while self._in and self._in.pop() != tag:
            pass

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        elif self._in and self._in[-1] == "caption":
            self.caption += data

    def by_ref(self) -> dict[str, dict]:
        return {row[0]: dict(zip(self.headers, row)) for row in self.rows}


@pytest.fixture
def council(db_url):
    return built_council(db_url, "register", build)


@pytest.fixture
def ws(council):
    return council[0]


@pytest.fixture
def refs(council):
    return council[1]


def _last(ws, action):
    with ws.engine.connect() as conn:
        data = conn.execute(text("SELECT data FROM audit_event WHERE action = :a ORDER BY seq DESC LIMIT 1"),
                            {"a": action}).scalar_one()
    return json.loads(data)


def test_the_page_lists_formal_complaints_about_members_and_their_outcomes(ws, refs, tmp_path):
    done = publish_register(ws, "clerk", tmp_path / "register.html")
    page = done.path.read_text(encoding="utf-8")
    read = Page(page)
    assert read.fetches == [] and "url(" not in page and "@import" not in page
    assert read.caption == "Register of complaints about Members: 4 complaints"
    assert read.headers == ["Reference", "Received", "Protocol clause", "Stage or outcome", "Sanctions",
                            "Date of decision", "Member complained about", "Decision notice"]
    assert 'scope="row"' in page and 'scope="col"' in page and '<html lang="en-GB">' in page
    rows = read.by_ref()
    assert list(rows) == [refs["breach"], refs["no_breach"], refs["withdrawn"], refs["no_action"]]
    breach = rows[refs["breach"]]
    assert breach["Received"] == "1 September 2026"
    assert breach["Protocol clause"] == "21.9.3 Bullying or harassment"
    assert breach["Stage or outcome"] == "Breach found" and breach["Sanctions"] == "Training"
    assert breach["Date of decision"] == "10 November 2026"
    assert breach["Member complained about"] == "Cllr Ann Jones"
    assert breach["Decision notice"].startswith("Issued 12 November 2026 Read the decision notice")
    assert "found that Cllr Ann Jones breached the protocol" in breach["Decision notice"]
    no_breach = rows[refs["no_breach"]]
    assert (no_breach["Stage or outcome"], no_breach["Sanctions"]) == ("No breach found", "None")
    assert no_breach["Member complained about"] == "Not named"
    assert no_breach["Decision notice"] == "Issued 13 November 2026"  # its text would name him
    withdrawn = rows[refs["withdrawn"]]
    assert withdrawn["Decision notice"] == "Issued 10 November 2026; withdrawn 16 November 2026"
    assert withdrawn["Member complained about"] == "Not named"
    assert withdrawn["Sanctions"] == "Request for an apology"
    no_action = rows[refs["no_action"]]
    assert (no_action["Stage or outcome"], no_action["Date of decision"], no_action["Decision notice"]) == (
        "No further action", "15 October 2026", "None issued")
    assert "1 further complaint is confidential and not listed." in page
    for private in ("Cllr Tom Price", "Bob Smith", "Olive Manager", "reprisal", "breach likely",
                    "appeal period", "Leaked", refs["officer"], refs["informal"],
                    refs["confidential"]):
        assert private not in page


def test_the_csv_says_the_same_safely_for_spreadsheets(ws, refs, tmp_path):
    done = publish_register(ws, "mo", tmp_path / "register.csv", start="2026-09-02", end="2026-11-20")
    raw = done.path.read_bytes()
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"))))
    assert [r["reference"] for r in rows] == [refs["no_breach"], refs["withdrawn"], refs["no_action"]]
    withdrawn = rows[1]
    assert (withdrawn["notice_issued"], withdrawn["notice_withdrawn"], withdrawn["member"]) == (
        "2026-11-10", "2026-11-16", "Not named")
    assert rows[2]["decision_date"] == "2026-10-15" and rows[2]["stage_or_outcome"] == "No further action"
    assert b"Cllr Tom Price" not in raw and b"Bob Smith" not in raw
    data = _last(ws, "publish")
    assert data["sha256"] == hashlib.sha256(raw).hexdigest() == done.sha256
    assert (data["format"], data["entries"], data["from"], data["to"]) == ("csv", 3, "2026-09-02", "2026-11-20")
    assert data["withdrawn"] == [refs["withdrawn"]]


def test_a_cell_a_spreadsheet_would_run_is_written_as_text(ws, refs, tmp_path):
    own = tmp_path / "own.toml"
    body = (BUILT_IN / "england.toml").read_text()
    own.write_text(body.replace('"21.9.3" = "', '"21.9.3" = "=HYPERLINK(1) ', 1))
    assert own.read_text() != body
    ours = make_workspace(ws.engine.url.render_as_string(hide_password=False), str(own))
    rows = list(csv.DictReader(publish_register(ours, "mo", tmp_path / "r.csv").path.open(encoding="utf-8")))
    assert rows[0]["clause_title"].startswith("'=HYPERLINK")


def test_whom_it_names_is_the_councils_choice_within_the_law(ws, refs, tmp_path):
    own = tmp_path / "own.toml"
    own.write_text((BUILT_IN / "england.toml").read_text().split("\n# The public register", 1)[0]
                   + '\n[register]\nname_subject = "notice"\nname_complainants = true\n'
                   'notice_url = "https://www.example.gov.uk/notices/{ref}?a=1&b=<2>"\n')
    ours = make_workspace(ws.engine.url.render_as_string(hide_password=False), str(own))
    page = publish_register(ours, "clerk", tmp_path / "r.html").path.read_text()
    read = Page(page)
    rows = read.by_ref()
    assert rows[refs["no_breach"]]["Member complained about"] == "Cllr Tom Price"
    assert rows[refs["withdrawn"]]["Member complained about"] == "Not named"  # no longer published
    assert rows[refs["breach"]]["Complainant"] == "Bob Smith"
    assert rows[refs["no_action"]]["Complainant"] == "Not named"  # identity withheld on the case
    assert read.links == [f"https://www.example.gov.uk/notices/{refs['breach']}?a=1&b=<2>",
                          f"https://www.example.gov.uk/notices/{refs['no_breach']}?a=1&b=<2>"]
    assert "&amp;b=&lt;2&gt;" in page  # escaped in the attribute, as every value is
    assert "Olive Manager" not in page and "Leaked" not in page


def test_publication_and_withdrawal_are_in_the_trail_and_it_verifies(ws, refs, tmp_path, db_url):
    publish_register(ws, "mo", tmp_path / "one.html")
    withdraw_notice(ws, refs["breach"], "dep", "The finding is under review")
    done = publish_register(ws, "mo", tmp_path / "two.html")
    read = Page(done.path.read_text())
    entry = read.by_ref()[refs["breach"]]
    assert entry["Member complained about"] == "Not named"
    assert entry["Decision notice"].startswith("Issued 12 November 2026; withdrawn 20 November 2026")
    data = _last(ws, "notice-withdraw")
    assert data["issued"] == "2026-11-12" and data["on"] == "2026-11-20"
    with ws.engine.connect() as conn:  # keyed with the case's secret, as every hash of words
        key = keys(conn, [f"case:{refs['breach']}"])[f"case:{refs['breach']}"][0]
    assert data["reason_sha256"] == mac(key, "reason_sha256", hashlib.sha256(b"The finding is under review").hexdigest())
    assert "under review" not in json.dumps(data)
    with ws.engine.connect() as conn:
        note = conn.execute(text("SELECT text FROM note WHERE id = :i"), {"i": data["note_id"]}).scalar_one()
        published = conn.execute(text("SELECT count(*) FROM audit_event WHERE action = 'publish'")).scalar_one()
    assert note.endswith("withdrawn: The finding is under review") and published == 2
    assert _last(ws, "publish")["sha256"] == hashlib.sha256(done.path.read_bytes()).hexdigest()
    result = run_cli(db_url, "audit", "verify", user="mo")
    assert result.code == 0, result.err
    assert "intact" in result.out


def test_refusals_are_one_line_and_change_nothing(ws, refs, tmp_path):
    before = dump(ws)
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "r.html"
    for call, says in [
        (lambda: publish_register(ws, "mo", folder / "r.pdf"), "should end in .html or .csv"),
        (lambda: publish_register(ws, "mo", out, start="31/02/2026"), "--from '31/02/2026' is not a date"),
        (lambda: publish_register(ws, "mo", out, start="2026-11-01", end="2026-10-01"), "--from 2026-11-01 is after --to"),
        (lambda: publish_register(ws, "mo", out, end="2027-01-01"), "--to 2027-01-01 is in the future"),
        (lambda: publish_register(ws, "hr", out), "cannot publish the register"),
        (lambda: publish_register(ws, "view", out), "cannot publish the register"),
        (lambda: withdraw_notice(ws, refs["no_action"], "mo", "Wrong"), "no published decision notice"),
        (lambda: withdraw_notice(ws, refs["withdrawn"], "mo", "Again"), "already withdrawn on 2026-11-16"),
        (lambda: withdraw_notice(ws, refs["breach"], "clerk", "Mine"), "cannot withdraw a decision notice"),
        (lambda: withdraw_notice(ws, refs["breach"], "mo", "  "), "the reason is empty"),
        (lambda: withdraw_notice(ws, refs["officer"], "mo", "Wrong"), "about an Officer"),
    ]:
        with pytest.raises(UserError) as caught:
            call()
        assert says in str(caught.value) and "\n" not in str(caught.value), str(caught.value)
    assert not list(folder.iterdir())
    assert dump(ws) == before
    assert isinstance(caught.value, Refused)


def test_the_command_line(ws, refs, tmp_path, db_url):
    out = tmp_path / "register.html"
    done = run_cli(db_url, "publish", "register", "--out", str(out), "--from", "01/09/2026", user="clerk")
    assert done.code == 0, done.err
    assert "written to" in done.out and "4 entries" in done.out and out.exists()
    before = dump(ws)
    bad = run_cli(db_url, "publish", "register", "--out", str(tmp_path / "r.txt"), user="clerk")
    assert bad.code == 2 and bad.err.count("\n") == 1 and "should end in .html or .csv" in bad.err
    bad = run_cli(db_url, "decision", refs["no_action"], "--withdraw", "--reason", "Wrong", user="mo")
    assert bad.code == 2 and "no published decision notice" in bad.err
    bad = run_cli(db_url, "decision", refs["breach"], "--reason", "Wrong", user="mo")
    assert bad.code == 2 and "add --withdraw" in bad.err
    assert dump(ws) == before
    ok = run_cli(db_url, "decision", refs["breach"], "--withdraw", "--reason", "Appeal lodged", user="mo")
    assert ok.code == 0, ok.err
    assert "withdrawn" in ok.out


def test_a_withdrawn_notice_is_issued_again_before_the_case_closes_and_published_again(ws, refs, tmp_path):
    from casework.cases.advance import advance
    from casework.exports.decision import publish

    ref = refs["withdrawn"]
    with pytest.raises(Refused, match="the decision notice has not been issued"):
        advance(ws, ref, "close", "clerk")
    publish(ws, ref, "clerk")
    advance(ws, ref, "close", "clerk")
    entry = Page(publish_register(ws, "clerk", tmp_path / "r.html").path.read_text()).by_ref()[ref]
    assert entry["Member complained about"] == "Cllr Tom Price"
    assert entry["Decision notice"].startswith("Issued 20 November 2026 Read the decision notice")
