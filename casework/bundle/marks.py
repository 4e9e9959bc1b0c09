"""The bundle's own links and bookmarks: each index row to its paper's first page, and an
outline of the cover, the index, every section and paper, and the manifest."""

from pikepdf import Array, Dictionary, Name, OutlineItem, Pdf

from casework.bundle.contents import Contents, section_letter
from casework.bundle.front import page_range


def link(pdf: Pdf, page: Dictionary, rect: tuple, target: Dictionary) -> None:
    """A borderless link over rect on the page, to the top of the target page."""
    annot = pdf.make_indirect(Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=Array(list(rect)),
                                        Border=Array([0, 0, 0]), Dest=Array([target, Name.Fit])))
    annots = page.get("/Annots")
    if isinstance(annots, Array):
        annots.append(annot)
    else:
        page.Annots = Array([annot])


def outline(pdf: Pdf, pages, c: Contents, back: int) -> None:
    """Bookmarks to pages found by place in `pages`; back is where the manifest begins."""
    def mark(title: str, n: int) -> OutlineItem:
        return OutlineItem(title, Array([pages[n], Name.Fit]))

    with pdf.open_outline() as marks:
        marks.root.extend([mark("Cover sheet", 0), mark("Index", 1)])
        for n, (key, title) in enumerate(c.sections.items()):
            papers = [it for it in c.items if it.section == key and it.kind != "withheld"]
            if not papers:
                continue
            section = mark(f"{section_letter(n)}. {title}", papers[0].first)
            section.children.extend(mark(f"{it.tab} {it.description} (p. {page_range(it)})", it.first)
                                    for it in papers)
            marks.root.append(section)
        marks.root.append(mark("Manifest of SHA-256 hashes", back))
