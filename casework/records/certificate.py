"""The certificate of a disposal: what kinds of record were erased and how many, when, by whom
(their login and role), under which retention rule, and the audit trail's seal before and after.
It is kept with the case's skeleton, outside its papers, so it survives what it records; it
names no party and quotes nothing erased, so it is not itself personal data about them.
"""

from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from casework.bundle.convert import typeset
from casework.bundle.typeface import escape, fonts, styles
from casework.clock import council_time

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
    ("exports_recorded", "exports recorded in the trail (files outside casework: find and destroy)"),
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
            ("By", f"{f['by']} ({f['role'].replace('-', ' ')})"),
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
    return typeset(story)


def _table(rows, regular: str, bold: str, first: int = 130) -> Table:
    from reportlab.lib.pagesizes import A4

    from casework.bundle.convert import MARGIN

    t = Table([list(r) for r in rows], colWidths=[first, A4[0] - 2 * MARGIN - first])
    t.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), regular), ("FONTNAME", (0, 0), (0, -1), bold),
                           ("FONTSIZE", (0, 0), (-1, -1), 9), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                           ("LINEBELOW", (0, 0), (-1, -1), 0.25, "#cccccc")]))
    return t
