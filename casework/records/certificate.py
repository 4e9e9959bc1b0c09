"""The certificate of a disposal: what kinds of record were erased and how many, when, by whom
(their name, login and role), under which retention rule, and the audit trail's seal before and
after. It is kept with the case's skeleton, outside its papers, so it survives what it records;
it names no party and quotes nothing erased, so it is not itself personal data about them. It
does name the officer who disposed of the case: a handler acts in their office, and the council
must be able to show who did it (UK GDPR art. 5(2), accountability).
"""

from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

from casework.bundle.convert import typeset
from casework.bundle.typeface import escape, fonts, styles
from casework.clock import council_time
from casework.records.copies import STATES
from casework.records.remains import remains
from casework.workflow.roles import ROLE_TITLES

# What each count says, in the order the certificate lists them.
KINDS = (
    ("notes", "notes (their text)"),
    ("documents", "documents filed to the case"),
    ("files", "document files removed from the evidence store"),
    ("files_kept_shared", "document files kept because another case files them too"),
    ("viewer_copies", "copies put out for the system's viewer, removed"),
    ("values_in_trail", "personal values beside the audit trail (names, words), with the case's key"),
    ("people_in_case", "people recorded as in the case besides its parties"),
    ("people_erased_from_register", "register entries of people in this case alone"),
    ("people_kept_in_register", "register entries kept (in other cases, users, or Members in office)"),
    ("sanction_details", "sanctions' details (their kinds and dates are kept)"),
    ("measure_details", "measures' details"),
    ("hold_reasons", "legal holds' reasons (lifted holds; the holds are kept)"),
    ("exports_recorded", "exports recorded in the trail"),
    ("exported_copies_deleted", "exported copies deleted: on this machine, where casework wrote them, unchanged"),
    ("exported_copies_left", "exported copies not deleted (listed below: find and destroy)"),
    ("exports_unplaced", "exports with no place recorded (made before casework kept where): find and destroy"),
)


def certificate(f: dict) -> bytes:
    st = styles()
    regular, bold = fonts()
    story = [Paragraph(escape(f["council"]), st["body"]),
             Paragraph("Certificate of disposal", st["title"]), Spacer(1, 6),
             Paragraph(escape(f"The personal data of case {f['ref']} was disposed of under the "
                              "council's retention schedule. Its skeleton is kept for the "
                              "statistics: reference, route, clause, dates, stages, outcome and "
                              "sanctions' kinds."), st["body"]), Spacer(1, 10)]
    rows = [("Case", f["ref"]), ("Route", f"about a {'Member' if f['route'] == 'member' else 'an Officer'}"),
            ("Received", f["received"]), ("Outcome", f"{f['outcome_title']} ({f['stage']})"),
            ("Ended", f["closed"]), ("Retention rule", f"{f['rule']} (profile {f['profile']})"),
            ("Retention ended", f["retention_ends"]), ("Disposed of", council_time(f["at"])),
            ("Disposed of by", disposer(f)),
            ("Trail sealed before", f"seal {f['seal_before']}, {council_time(f['seal_before_at'])}"),
            ("Trail sealed after", f"seal {f['seal_after']} (the disposal's own event)")]
    story += [_table(rows, regular, bold), Spacer(1, 12), Paragraph("What was erased", st["heading"]),
              Spacer(1, 4)]
    erased = f["erased"]
    story.append(_table([(str(erased.get(k, 0)), words) for k, words in KINDS], regular, bold, 40))
    story += [Spacer(1, 12), Paragraph(escape(
        "The audit trail kept only keyed hashes of the values erased; the key was destroyed with "
        "them, so the trail still verifies and nothing in it can confirm a name or a word. "
        "Check either seal with casework audit verify --seal."), st["small"])]
    if f.get("copies_left"):
        # The heading kept on the page of its table.
        story += [Spacer(1, 12), KeepTogether([
            Paragraph("Exported copies not deleted", st["heading"]), Spacer(1, 4),
            Paragraph(escape("Where each was written is not printed here: a path can hold a name, "
                             "and this certificate names no party. The command that disposed of "
                             "the case showed the paths once."), st["small"]),
            Spacer(1, 4), _copies(f["copies_left"])])]
    story += [Spacer(1, 12), Paragraph("What remains outside casework's reach", st["heading"])]
    for line in remains(f.get("database", "sqlite")):
        story += [Spacer(1, 4), Paragraph(escape(line), st["small"])]
    return typeset(story)


def _copies(left: list[dict]) -> Table:
    from reportlab.lib.pagesizes import A4

    from casework.bundle.convert import MARGIN

    rows = [("Exported", "By", "Machine", "What", "Now")]
    rows += [(council_time(c["at"]), c["actor"], c["host"], c["what"], STATES[c["state"]]) for c in left]
    width = A4[0] - 2 * MARGIN
    # Paragraphs, so a long machine name or state wraps in its cell.
    st = styles()["small"]
    t = Table([[Paragraph(escape(str(v)), st) for v in r] for r in rows],
              colWidths=[width * w for w in (0.2, 0.13, 0.17, 0.22, 0.28)], repeatRows=1)
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                           ("LINEBELOW", (0, 0), (-1, -1), 0.25, "#cccccc")]))
    return t


def disposer(f: dict) -> str:
    """"Dana Ellis (dmo.ellis), Deputy Monitoring Officer"."""
    role = ROLE_TITLES.get(f["role"], f["role"].replace("-", " "))
    return f"{f['by_name']} ({f['by']}), {role}" if f.get("by_name") else f"{f['by']}, {role}"


def _table(rows, regular: str, bold: str, first: int = 130) -> Table:
    from reportlab.lib.pagesizes import A4

    from casework.bundle.convert import MARGIN

    t = Table([list(r) for r in rows], colWidths=[first, A4[0] - 2 * MARGIN - first])
    t.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), regular), ("FONTNAME", (0, 0), (0, -1), bold),
                           ("FONTSIZE", (0, 0), (-1, -1), 9), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                           ("LINEBELOW", (0, 0), (-1, -1), 0.25, "#cccccc")]))
    return t
