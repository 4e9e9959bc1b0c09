"""The response pack of a subject access request, written to a folder only its owner may open:
the response PDF (an index, then every item given), the log of what was withheld or redacted
and on what ground (for the requester), and a review sheet naming the others each item names
(for the handler alone). Making it is recorded in the trail with the PDF's SHA-256, and an
export event on each case it draws from; the files appear only once that is committed."""

import csv
import hashlib
import io
import os
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from pikepdf import Dictionary, String
from reportlab.platypus import PageBreak, Paragraph, Spacer, Table, TableStyle
from sqlmodel import Session

from casework.access.actors import acting_user, require
from casework.audit import chain as audit
from casework.audit.disclosure import place
from casework.bundle.contents import Item as Paper
from casework.bundle.convert import open_pdf, opened, typeset
from casework.bundle.picture import image_pages
from casework.bundle.typeface import escape, styles
from casework.cases.advance import sha256_text
from casework.cases.evidence import evidence_bytes
from casework.clock import long_date
from casework.errors import UserError, quote
from casework.inputs import clean_name
from casework.outfile import replacing, spreadsheet_safe, user_path
from casework.redaction.grounds import check_ground, describe_ground
from casework.sar.gather import Found, Item, gather
from casework.sar.names import WITHHELD
from casework.sar.requests import WHAT, still_open
from casework.transaction import write
from casework.workspace import Workspace
from db.models import SubjectAccess

UNCHECKED = "unchecked"
UNCHECKED_WORDS = "held back until it is checked for other people's personal data"


@dataclass
class Made:
    sar_id: int
    pdf: Path
    log: Path
    sheet: Path
    sha256: str
    pages: int
    included: int
    withheld: int
    redacted: int  # items given with others' names taken out, or as a redacted copy
    review: int


def make_pack(ws: Workspace, login: str, target: str, out, withhold=(), release=(), disclose=(),
              terms=(), every_paper: bool = False) -> Made:
    folder = _folder(out)
    terms = [clean_name(t, "--redact text") for t in terms]
    regime = ws.profile.regime
    choices = _choices(withhold, regime)
    found = gather(ws, login, target, terms, disclose, every_paper)
    released = {r.strip().upper() for r in release if r.strip()}
    _decide(found.items, choices, released)
    number = found.request.id
    pdf = _pdf(ws, found)
    digest = hashlib.sha256(pdf).hexdigest()
    log = _log(found.items, regime).encode("utf-8")
    sheet = _sheet(found.items).encode("utf-8")
    given = [i for i in found.items if i.withheld is None]
    review = [i for i in found.items if i.others or i.held]

    def change(s: Session) -> None:
        user = acting_user(s, login)
        require(user, "sar", WHAT)
        row = s.get(SubjectAccess, number)
        still_open(row)
        row.packed_sha256 = digest
        s.add(row)
        audit.append(s, user.login, "sar", None, None, None, {
            "sar_id": number, "step": "pack", "sha256": digest,
            "log_sha256": hashlib.sha256(log).hexdigest(), "items": len(given),
            "withheld": len(found.items) - len(given),
            "unchecked": sum(1 for i in found.items if i.withheld and i.withheld[0] == UNCHECKED),
            # The handler's own decisions, so the trail shows who chose to give or keep what;
            # names by their hashes, as everywhere in the trail.
            "decided": {"withheld": dict(sorted(choices.items())), "released": sorted(released),
                        "disclosed_sha256": sorted(sha256_text(" ".join(d.split()).casefold())
                                                   for d in disclose if d.strip()),
                        "redacted_sha256": sorted(sha256_text(t.casefold()) for t in terms)}})
        for ref in found.cases:
            # Where the pack was written, for a disposal of any case in it to find.
            audit.append(s, user.login, "export", ref, None, None, {
                "what": f"subject access pack (request {number})", "sha256": digest,
                **place(ref, names["pdf"])})

    made = not folder.exists()
    if made:
        folder.mkdir(mode=0o700)
    names = {"pdf": folder / f"sar-{number}-response.pdf", "log": folder / f"sar-{number}-withheld.csv",
             "sheet": folder / f"sar-{number}-review.csv"}
    try:
        with ExitStack() as stack:
            for key, data in (("pdf", pdf), ("log", log), ("sheet", sheet)):
                stack.enter_context(replacing(names[key], private=True)).write_bytes(data)
            write(ws.engine, change)
    except BaseException:
        if made:  # a refusal at the last moment (answered meanwhile) leaves no folder behind
            folder.rmdir()
        raise
    return Made(number, names["pdf"], names["log"], names["sheet"], digest, _pages(pdf),
                len(given), len(found.items) - len(given),
                sum(1 for i in given if i.redacted or (i.doc is not None and i.doc.redacts_id)),
                len(review))


def _folder(out) -> Path:
    if out is None or not str(out).strip():
        raise UserError("name the folder to write the pack to: --out DIR")
    path = user_path(out)
    if path.exists() and not path.is_dir():
        raise UserError(f"--out {out} is a file; name a folder (it is made if missing)")
    if not path.parent.is_dir():
        raise UserError(f"--out {out}: folder {path.parent} does not exist; create it first")
    if path.exists() and os.stat(path).st_mode & 0o077:
        raise UserError(f"--out {out} may be opened by others on this machine; name a new folder "
                        "(casework makes it for you alone) or chmod 700 it")
    return path


def _choices(withhold, regime: str) -> dict[str, str]:
    out = {}
    for spec in withhold:
        key, sep, code = spec.partition("=")
        if not sep or not key.strip():
            raise UserError(f"--withhold {quote(spec)}: write ITEM=CODE, e.g. --withhold N12=privilege")
        out[key.strip().upper()] = check_ground(code, regime)
    return out


def _decide(items: list[Item], withhold: dict[str, str], release: set[str]) -> None:
    keys = {i.key for i in items}
    for key in sorted((set(withhold) | release) - keys):
        raise UserError(f"this pack has no item {key}: the pack's index lists them")
    for key in sorted(set(withhold) & release):
        raise UserError(f"{key} is both withheld and released: choose one")
    for item in items:
        if item.key in withhold:
            item.withheld = (withhold[item.key], "withheld by the handler")
        elif item.held and item.key in release and item.kind == "document" and item.form is None:
            raise UserError(f"{item.key} is a file the pack cannot hold: give it to the requester "
                            f"separately and --withhold {item.key}=CODE if any of it is kept back")
        elif item.held and item.key in release:
            item.held = None
        elif item.key in release:
            raise UserError(f"{item.key} is not held back for review, so there is nothing to release")
        elif item.held:
            item.withheld = ("third-party", "it names other people") if item.others else (
                UNCHECKED, UNCHECKED_WORDS)


def _ground(code: str, regime: str) -> str:
    if code == UNCHECKED:
        return UNCHECKED_WORDS
    return describe_ground(code, regime) if code else ""


def _log(items: list[Item], regime: str) -> str:
    out = io.StringIO()
    w = _Writer(out)
    w.writerow(["item", "case", "what", "action", "code", "ground", "detail"])
    for i in items:
        row = [i.key, i.case_ref or "", i.title]
        if i.withheld:
            w.writerow([*row, "withheld", i.withheld[0], _ground(i.withheld[0], regime), i.withheld[1]])
            continue
        if i.doc is not None and i.doc.redacts_id is not None:
            w.writerow([*row, "redacted copy given", i.doc.redaction or "",
                        _ground(i.doc.redaction or "", regime), "words withheld from the paper"])
        if i.redacted:
            w.writerow([*row, "redacted", "third-party", _ground("third-party", regime),
                        f"{i.redacted} mention{'s' if i.redacted != 1 else ''} of other people "
                        f"shown as {WITHHELD}"])
    return out.getvalue()


def _sheet(items: list[Item]) -> str:
    out = io.StringIO()
    w = _Writer(out)
    w.writerow(["item", "case", "what", "given", "names others", "to do"])
    for i in items:
        if not (i.others or i.held or i.withheld):
            continue
        given = "no: " + i.withheld[0] if i.withheld else ("yes, others' names taken out" if i.redacted else "yes")
        w.writerow([i.key, i.case_ref or "", i.title, given, "; ".join(i.others), i.held or ""])
    return out.getvalue()


class _Writer:
    """A CSV writer whose cells a spreadsheet program takes as text: a name or a title typed
    as =HYPERLINK(...) stays words (casework.outfile.spreadsheet_safe)."""

    def __init__(self, out):
        self._w = csv.writer(out)

    def writerow(self, row) -> None:
        self._w.writerow([spreadsheet_safe(c) for c in row])


def _pdf(ws: Workspace, found: Found) -> bytes:
    st = styles()
    r = found.request
    story = [Paragraph("Response to a subject access request", st["title"]),
             Paragraph(escape(ws.profile.council), st["heading"]),
             Paragraph(escape(f"Request {r.id} from {found.requester}, received "
                              f"{long_date(r.received)}, due {long_date(r.due)}; prepared "
                              f"{long_date(ws.today())}."), st["body"]),
             Spacer(1, 8),
             Paragraph(escape(
                 "This pack holds the personal data about you in the council's complaints casework "
                 f"(UK GDPR Art. 15). Where words about other people were taken out, the text "
                 f"shows {WITHHELD}; the log that comes with this pack lists everything withheld "
                 "or redacted, and why."), st["body"]), Spacer(1, 10)]
    rows = [[Paragraph(h, st["cell-bold"]) for h in ("Item", "What", "Date", "Given")]]
    for i in found.items:
        given = "withheld (see the log)" if i.withheld else (
            "redacted copy" if i.doc is not None and i.doc.redacts_id else
            "others' names taken out" if i.redacted else "in full")
        rows.append([Paragraph(escape(x), st["cell"]) for x in (
            i.key, i.title, i.dated.isoformat() if i.dated else "", given)])
    table = Table(rows, colWidths=[40, None, 70, 100], repeatRows=1)
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LINEBELOW", (0, 0), (-1, 0), 0.5, "#000000")]))
    story.append(table if found.items else Paragraph(
        "The council's complaints casework holds no personal data about you.", st["body"]))
    story.append(PageBreak())
    papers = []
    for i in found.items:
        if i.withheld:
            continue
        if i.kind == "document" and i.form in ("pdf", "image"):
            papers.append(i)
            continue
        story.append(Paragraph(escape(f"{i.key}: {i.title}"), st["heading"]))
        for line in i.text.split("\n"):
            story.append(Paragraph(escape(line) or "&nbsp;", st["body"]))
        story.append(Spacer(1, 14))
    pack = pikepdf.new()
    with opened(typeset(story)) as front:
        pack.pages.extend(front.pages)
    for n, i in enumerate(papers, 1):
        cover = typeset([Paragraph(escape(f"{i.key}: {i.title}"), st["heading"]),
                         Paragraph("The paper follows, as filed" + (
                             " in its redacted copy." if i.doc.redacts_id else "."), st["body"])])
        paper = Paper(section="", description=i.title, dated=i.dated, kind=i.form,
                      sha256=i.doc.sha256, filename=i.doc.filename, doc_id=i.doc.id, number=n)
        data = evidence_bytes(ws.engine, i.doc.sha256, f"document {i.doc.id} ({i.doc.filename})")
        with opened(cover) as c, (open_pdf(paper, data) if i.form == "pdf" else
                                  image_pages(paper, data, i.title)) as doc:
            pack.pages.extend(c.pages)
            pack.pages.extend(doc.pages)
    pack.docinfo = pack.make_indirect(Dictionary(Title=String(f"Subject access response {r.id}"),
                                                 Author=String(ws.profile.council),
                                                 Producer=String("casework")))
    out = io.BytesIO()
    pack.save(out)
    return out.getvalue()


def _pages(pdf: bytes) -> int:
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        return len(doc.pages)
