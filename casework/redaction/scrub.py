"""What a redacted copy keeps of the original besides its pages' look: nothing that could still
carry a redacted word. The copy is a new document that takes pages only, so the original's
information dictionary, XMP metadata, outlines, attachments, forms and JavaScript never reach
it; and each page keeps only what draws it.

After the copy is made it is read back three ways (the text a reader extracts, every string it
holds, the text its pages and forms draw): a term found by any of them refuses the copy.
"""

import io

import pikepdf
from pypdf import PdfReader

# What a page needs to look as it did. Annotations (after flattening into the page), thumbnails,
# page metadata and application data are left behind: each could hold the words.
PAGE_KEYS = frozenset({"/Type", "/Parent", "/MediaBox", "/CropBox", "/BleedBox", "/TrimBox",
                       "/ArtBox", "/Rotate", "/Resources", "/Contents", "/Group", "/UserUnit"})
TEXT_OPERATORS = "Tj TJ ' \""


def prepare(pdf: pikepdf.Pdf) -> None:
    """Makes the original's pages self-contained in place: annotations and form fields drawn
    into the page, resources the page does not use dropped (a shared font or form could draw
    a redacted word on another page), and every other key of the page removed."""
    pdf.flatten_annotations(mode="all")
    pdf.remove_unreferenced_resources()
    for page in pdf.pages:
        for key in list(page.obj.keys()):
            if key not in PAGE_KEYS:
                del page.obj[key]


def assemble(pages: list[pikepdf.Page]) -> bytes:
    """A new document of these pages, in this order; the same pages give the same bytes."""
    out = pikepdf.new()
    for page in pages:
        out.pages.append(page)
    buf = io.BytesIO()
    out.save(buf, deterministic_id=True)
    return buf.getvalue()


def leftover(data: bytes, terms: list[str]) -> tuple[int, str] | None:
    """(term number, where) for a term the copy still holds, or None."""
    wanted = [t.casefold() for t in terms]
    for n, page in enumerate(PdfReader(io.BytesIO(data)).pages, 1):
        found = _find(page.extract_text() or "", wanted)
        if found is not None:
            return found, f"the text of page {n}"
    with pikepdf.open(io.BytesIO(data)) as pdf:
        forms = []
        for found, obj in _walk(pdf, wanted):
            if found is not None:
                return found, "a string in the file"
            forms.append(obj)
        for n, page in enumerate(pdf.pages, 1):
            found = _drawn(page, wanted)
            if found is not None:
                return found, f"the text page {n} draws"
        for form in forms:
            found = _drawn(form, wanted)
            if found is not None:
                return found, "the text a form on a page draws"
    return None


def _find(text: str, wanted: list[str]) -> int | None:
    text = " ".join(text.split()).casefold()
    return next((i + 1 for i, t in enumerate(wanted) if t in text), None)


def _walk(pdf: pikepdf.Pdf, wanted: list[str]):
    """Every object reachable from the trailer: yields (term number, None) for a string that
    holds a term, and (None, stream) for each form XObject, whose drawing is read after."""
    seen: set[tuple[int, int]] = set()
    todo = [pdf.trailer]
    while todo:
        obj = todo.pop()
        if isinstance(obj, pikepdf.Object) and obj.is_indirect:
            if obj.objgen in seen:
                continue
            seen.add(obj.objgen)
        if isinstance(obj, pikepdf.String):
            found = _find(str(obj), wanted)
            if found is not None:
                yield found, None
        elif isinstance(obj, pikepdf.Array):
            todo.extend(obj)
        elif isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
            todo.extend(obj.values())
            if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == pikepdf.Name.Form:
                yield None, obj


def _drawn(content, wanted: list[str]) -> int | None:
    """A term among the strings shown by the text operators of a page or form, read as
    single-byte text (the encodings most letters are written in)."""
    try:
        ops = pikepdf.parse_content_stream(content, TEXT_OPERATORS)
    except pikepdf.PdfError:
        return None
    shown = []
    for operands, _ in ops:
        for value in operands:
            parts = value if isinstance(value, pikepdf.Array) else [value]
            shown.append("".join(bytes(p).decode("latin-1") for p in parts
                                 if isinstance(p, pikepdf.String)))
    # Whether the pieces were words or letters kerned apart, either reading may hold the term.
    found = _find("".join(shown), wanted)
    return found if found is not None else _find(" ".join(shown), wanted)
