"""A PNG placed on a page without decoding it.

PDF's Flate filter with PNG predictors reads a PNG's IDAT data as it is, so an 8-bit grey or
RGB image without transparency goes in byte for byte: lossless, and no cost per pixel. Other
PNGs (palette, alpha, 16-bit, interlaced) return None and take the decoding path.
"""

import struct
import zlib

from pypdf import PageObject, PdfWriter
from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject, NumberObject, StreamObject

SIGNATURE = b"\x89PNG\r\n\x1a\n"
COLOURS = {0: ("/DeviceGray", 1), 2: ("/DeviceRGB", 3)}


def plain_png(data: bytes) -> tuple[int, int, str, int, bytes] | None:
    """(width, height, colour space, colours, IDAT bytes) of a PNG PDF can take as it is."""
    if not data.startswith(SIGNATURE):
        return None
    pos, header, idat = 8, None, []
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if len(body) != length or zlib.crc32(kind + body) != struct.unpack(">I", data[pos + 8 + length:pos + 12 + length] or b"\0\0\0\0")[0]:
            return None  # cut short or damaged: the decoding path names the fault
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind in (b"tRNS", b"IEND"):
            if kind == b"tRNS":
                return None  # transparency needs a mask
            break
        pos += 12 + length
    if header is None or not idat:
        return None
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in COLOURS or interlace:
        return None
    # Every chunk's CRC matched, so the compressed data is as the camera or screen wrote it.
    return width, height, COLOURS[colour][0], COLOURS[colour][1], b"".join(idat)


def place(writer: PdfWriter, page: PageObject, png: tuple, box: tuple[float, float, float, float]) -> None:
    """Draws the image into box (x, y, w, h) on a page that already has its caption."""
    width, height, space, colours, idat = png
    image = StreamObject()
    image._data = idat
    image.update({
        NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Image"),
        NameObject("/Width"): NumberObject(width), NameObject("/Height"): NumberObject(height),
        NameObject("/ColorSpace"): NameObject(space), NameObject("/BitsPerComponent"): NumberObject(8),
        NameObject("/Filter"): NameObject("/FlateDecode"),
        NameObject("/DecodeParms"): DictionaryObject({
            NameObject("/Predictor"): NumberObject(15), NameObject("/Colors"): NumberObject(colours),
            NameObject("/BitsPerComponent"): NumberObject(8), NameObject("/Columns"): NumberObject(width),
        }),
    })
    ref = writer._add_object(image)
    resources = page[NameObject("/Resources")].get_object()
    xobjects = resources.setdefault(NameObject("/XObject"), DictionaryObject()).get_object()
    xobjects[NameObject("/CwPhoto")] = ref
    x, y, w, h = box
    draw = DecodedStreamObject()
    draw.set_data(f"q {w:.3f} 0 0 {h:.3f} {x:.3f} {y:.3f} cm /CwPhoto Do Q\n".encode())
    contents = page.get("/Contents")
    existing = [] if contents is None else (
        list(contents.get_object()) if isinstance(contents.get_object(), ArrayObject) else [contents])
    page[NameObject("/Contents")] = ArrayObject([*existing, writer._add_object(draw)])
