"""Pictures in a bundle as they were attached: a JPEG's own bytes, a PNG's pixels whatever its
kind (palette, 16-bit), a page for each frame of a TIFF scan; what img2pdf refuses still binds,
decoded. Made with Pillow here, read back with pypdf."""

from PIL import Image
from pypdf import PdfReader

from casework.bundle.build import bundle
from casework.cases.opening import open_case
from casework.cases.papers import attach


def _bound(ws, tmp_path, *pictures):
    """A bundle of these pictures in order; returns the reader and the first paper's page."""
    ref = open_case(ws, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3", "Pictures", "2026-09-01")
    for day, path in enumerate(pictures, 1):
        attach(ws, ref, str(path), "mo", "evidence", on=f"2026-09-{day:02d}")
    out = tmp_path / "bundle.pdf"
    bound = bundle(ws, ref, "mo", out)
    reader = PdfReader(out)
    assert len(reader.pages) == bound.pages
    texts = [p.extract_text() for p in reader.pages]
    return reader, next(i for i, t in enumerate(texts) if "Picture " in t and i > 1)


def _image(page):
    [image] = page.images
    return image, image.indirect_reference.get_object()


def test_a_palette_png_keeps_its_palette_and_its_pixels(ws, tmp_path):
    picture = Image.new("P", (320, 200))
    picture.putpalette([(i * 7) % 256 for i in range(768)])
    picture.putdata([(x * y) % 256 for y in range(200) for x in range(320)])
    path = tmp_path / "Picture palette.png"
    picture.save(path)
    reader, first = _bound(ws, tmp_path, path)
    image, stream = _image(reader.pages[first])
    assert stream["/ColorSpace"][0] == "/Indexed" and stream["/BitsPerComponent"] == 8
    assert image.image.convert("RGB").tobytes() == Image.open(path).convert("RGB").tobytes()


def test_a_16_bit_png_keeps_every_bit(ws, tmp_path):
    picture = Image.new("I;16", (300, 120))
    picture.putdata([(i * 977) % 65536 for i in range(300 * 120)])
    path = tmp_path / "Picture deep.png"
    picture.save(path)
    reader, first = _bound(ws, tmp_path, path)
    _, stream = _image(reader.pages[first])
    assert stream["/BitsPerComponent"] == 16 and stream["/ColorSpace"] == "/DeviceGray"
    # The stream decoded (Flate and the PNG predictors) is the file's pixels, high byte first.
    assert stream.get_data() == Image.open(path).tobytes("raw", "I;16B")


def test_each_frame_of_a_tiff_is_a_page_of_its_own_shape(ws, tmp_path):
    frames = [Image.new("L", (850, 1100), 200), Image.new("RGB", (1100, 850), "#336699"),
              Image.new("L", (600, 900), 90)]
    for n, frame in enumerate(frames):
        frame.paste(255 - n * 60 if frame.mode == "L" else (200, 40, 40), (40, 40, 300, 200))
    path = tmp_path / "Picture scan.tiff"
    frames[0].save(path, save_all=True, append_images=frames[1:])
    reader, first = _bound(ws, tmp_path, path)
    assert len(reader.pages) == first + len(frames) + 1  # and the manifest
    for page, frame in zip(reader.pages[first:], frames):
        image, _ = _image(page)
        assert (float(page.mediabox.width) > float(page.mediabox.height)) == (frame.width > frame.height)
        assert image.image.size == frame.size
        assert image.image.convert(frame.mode).tobytes() == frame.tobytes()


def test_a_jpeg_is_its_own_bytes_and_a_mirrored_one_is_still_bound_upright(ws, tmp_path):
    plain, mirrored = tmp_path / "Picture plain.jpg", tmp_path / "Picture mirrored.jpg"
    Image.new("RGB", (640, 480), "#aa6633").save(plain, "JPEG")
    exif = Image.Exif()
    exif[0x0112] = 5  # turned a quarter and mirrored: img2pdf cannot say that to PDF
    Image.new("RGB", (800, 400), "#3366aa").save(mirrored, "JPEG", exif=exif.tobytes())
    reader, first = _bound(ws, tmp_path, plain, mirrored)
    _, stream = _image(reader.pages[first])
    assert "/DCTDecode" in str(stream["/Filter"]) and stream.get_data() == plain.read_bytes()
    turned = reader.pages[first + 1]
    assert float(turned.mediabox.width) < float(turned.mediabox.height)
    assert turned.images[0].image.size == (400, 800)
