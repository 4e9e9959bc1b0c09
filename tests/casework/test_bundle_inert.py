"""Nothing in a hearing bundle runs (issue 17, item 4): a paper carrying JavaScript on its page,
a link that launches a program, a link that runs script, a form field with script, and a
document open action is bound with its filled-in text visible and every action gone; a link to
a web address stays, and so do the bundle's own index links."""

import pikepdf
from pikepdf import Array, Dictionary, Name, String
from pypdf import PdfReader

from casework.bundle.build import bundle
from casework.cases.opening import open_case
from casework.cases.papers import attach

HARMLESS = {"/GoTo", "/URI"}


def _annot(subtype, rect, **more):
    return Dictionary(Type=Name.Annot, Subtype=subtype, Rect=Array(rect), **more)


def _active_pdf(path):
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    page = pdf.pages[0]
    font = Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica)
    page.obj.Resources = Dictionary(Font=Dictionary(F1=font))
    page.obj.Contents = pdf.make_stream(b"BT /F1 14 Tf 72 760 Td (The complainant's statement) Tj ET")
    script = pdf.make_indirect(Dictionary(S=Name.JavaScript, JS=String("app.alert('opened')")))
    page.obj.AA = Dictionary(O=script)
    look = pdf.make_stream(b"BT /F1 10 Tf 2 5 Td (Filled in by Bob Smith) Tj ET", Type=Name.XObject,
                           Subtype=Name.Form, BBox=Array([0, 0, 200, 20]),
                           Resources=Dictionary(Font=Dictionary(F1=font)))
    widget = pdf.make_indirect(_annot(Name.Widget, [72, 700, 272, 720], FT=Name.Tx, T=String("who"),
                                      V=String("Filled in by Bob Smith"), AP=Dictionary(N=look),
                                      AA=Dictionary(K=script)))
    page.obj.Annots = Array([
        pdf.make_indirect(_annot(Name.Link, [72, 600, 200, 620],
                                 A=Dictionary(S=Name.Launch, F=String("calc.exe")))),
        pdf.make_indirect(_annot(Name.Link, [72, 560, 200, 580], A=script)),
        pdf.make_indirect(_annot(Name.Link, [72, 520, 200, 540],
                                 A=Dictionary(S=Name.URI, URI=String("https://www.example.org/")))),
        pdf.make_indirect(_annot(Name.Link, [72, 480, 200, 500],
                                 A=Dictionary(S=Name.URI, URI=String("https://x.example/"),
                                              Next=script))),
        widget,
    ])
    pdf.Root.AcroForm = Dictionary(Fields=Array([widget]))
    pdf.Root.OpenAction = script
    pdf.Root.Names = Dictionary(JavaScript=Dictionary(Names=Array([String("go"), script])))
    pdf.save(path)


def test_a_bundle_binds_a_paper_with_every_action_taken_away(ws, tmp_path):
    ref = open_case(ws, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", "Shouted", "2026-09-01")
    paper = tmp_path / "statement.pdf"
    _active_pdf(paper)
    attach(ws, ref, str(paper), "mo", "evidence", description="Statement with a form")
    out = tmp_path / "bundle.pdf"
    bundle(ws, ref, "mo", out)
    raw = out.read_bytes()
    for active in (b"/JavaScript", b"/JS", b"/Launch", b"/OpenAction", b"/AcroForm", b"/Widget"):
        assert active not in raw, active
    reader = PdfReader(out)
    uris, index_links = [], 0
    for number, page in enumerate(reader.pages):
        assert "/AA" not in page
        for ref_ in page.get("/Annots") or []:
            annot = ref_.get_object()
            assert annot["/Subtype"] == "/Link"
            action = annot.get("/A")
            if action is None:
                index_links += "/Dest" in annot
                continue
            action = action.get_object()
            assert action["/S"] in HARMLESS and "/Next" not in action
            uris += [action["/URI"]] if action["/S"] == "/URI" else []
    assert uris == ["https://www.example.org/"]
    assert index_links or any("/Dest" in str(p.get("/Annots")) for p in reader.pages[:3])
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "The complainant" in text and "Filled in by Bob Smith" in text
