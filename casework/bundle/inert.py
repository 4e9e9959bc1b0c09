"""A paper's pages made inert before they are bound: nothing in a hearing bundle runs when a
member of the committee opens it. Form fields and annotations are flattened into the page
(what was filled in stays visible), then every action is taken away: the pages' own actions
(/AA), and any link that does more than go to a page or open a web address. The document's
catalogue (its open action, JavaScript, embedded files, form) never reaches the bundle, which
takes pages only.

qpdf does the work, through pikepdf, the maintained library of the field.
"""

import io

import pikepdf

from casework.errors import UserError

# What a link that stays may do: go to a place in the document, or name a web address.
HARMLESS = {"/GoTo", "/URI"}


def inert(data: bytes, name: str) -> bytes:
    """The PDF with its pages' active content removed; `name` says which paper in a refusal."""
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
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
            out = io.BytesIO()
            pdf.save(out)
            return out.getvalue()
    except pikepdf.PasswordError:
        raise UserError(f"{name} is encrypted with a password; attach an unprotected copy") from None
    except pikepdf.PdfError as exc:
        raise UserError(f"{name} is damaged and cannot be copied ({str(exc).splitlines()[0][:80]}); "
                        "attach a good copy") from None


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
