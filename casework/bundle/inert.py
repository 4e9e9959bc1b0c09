"""A paper's pages made inert before they are bound: nothing in a hearing bundle runs when a
member of the committee opens it. Form fields and annotations are flattened into the page
(what was filled in stays visible), then every action is taken away: the pages' own actions
(/AA), and any link that does more than go to a page or open a web address. The document's
catalogue (its open action, JavaScript, embedded files, form) never reaches the bundle, which
takes pages only.

qpdf does the work, through pikepdf, on the paper as it was opened, before its pages are copied.
"""

import pikepdf

# What a link that stays may do: go to a place in the document, or name a web address.
HARMLESS = {"/GoTo", "/URI"}


def inert(pdf: pikepdf.Pdf) -> None:
    """Removes the active content of the paper's pages, in place."""
    pdf.flatten_annotations(mode="all")
    for page in pdf.pages:
        if "/AA" in page.obj:
            del page.obj["/AA"]
        if "/Annots" in page.obj:
            kept = [a for a in page.obj.Annots if _harmless(a)]
            if kept:
                page.obj.Annots = pikepdf.Array(kept)
            else:
                del page.obj["/Annots"]


def _harmless(annot) -> bool:
    """A link to a page or a web address, with nothing chained after it."""
    if not isinstance(annot, pikepdf.Dictionary) or str(annot.get("/Subtype")) != "/Link":
        return False
    if "/AA" in annot:
        return False
    action = annot.get("/A")
    if action is None:
        return "/Dest" in annot
    return (isinstance(action, pikepdf.Dictionary) and str(action.get("/S")) in HARMLESS
            and "/Next" not in action)
