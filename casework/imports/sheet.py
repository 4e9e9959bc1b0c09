"""Reading a register or case list a council already keeps: CSV, an Excel workbook (.xlsx,
or an old .xls), or an OpenDocument spreadsheet (.ods, LibreOffice's).

Rows are numbered as the spreadsheet shows them (the header is line 1), so a refusal can
send the clerk straight to the row. Anything wrong with the file as a whole is one
UserError naming the file and what to do.
"""

import csv
import hashlib
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from casework.errors import NotFound, UserError, quote
from casework.infile import read_file
from casework.outfile import user_path

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls, and password-protected .xlsx
ZIP = b"PK\x03\x04"
CSV_SUFFIXES = (".csv", ".txt")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
OTHER_SUFFIXES = (".xls", ".ods")  # read by python-calamine
MAX_ROWS = 50_000
MAX_FILE = 20 * 2**20  # a sheet of 50,000 rows is a few MB
# What a workbook may unpack to, and its shared texts: ample for MAX_ROWS rows of a register.
MAX_UNPACKED = 200 * 2**20
MAX_SHARED_STRINGS = 40 * 2**20
MAX_STRINGS = 500_000


@dataclass
class Column:
    key: str
    required: bool
    hint: str  # what goes in it, for the message when it is missing
    aliases: tuple[str, ...] = ()


@dataclass
class Row:
    line: int
    values: dict  # column key -> cell value (None when blank)
    sha256: str  # of the row's cells as read, so the audit names exactly what was imported
    problems: list[str] = field(default_factory=list)


@dataclass
class Sheet:
    name: str  # the file's name, as the audit records it
    sha256: str
    header: list[str]
    cells: list[tuple[int, list]]  # (line, cells) of every non-blank row under the header


def read_sheet(path: str) -> Sheet:
    shown = quote(path)
    user_path(path)  # a NUL, which no file name holds, is said as such
    if Path(path).expanduser().is_dir():
        raise UserError(f"{shown} is a folder: name a .csv, .xlsx, .xls or .ods file")
    if not Path(path).expanduser().exists() and not Path(path).expanduser().is_symlink():
        raise NotFound(f"no file {shown}: check the name and folder")
    data, p = read_file(path, MAX_FILE, "spreadsheet")
    if not data.strip():
        raise UserError(f"{shown} is empty: export the sheet again with its header row and rows")
    suffix = p.suffix.lower()
    if data.startswith(OLE2):
        if "EncryptionInfo".encode("utf-16-le") in data:
            raise UserError(f"{shown} is password-protected: save an unprotected copy "
                            "(File > Info > Protect Workbook) and import that")
        if suffix != ".xls":
            raise UserError(f"{shown} is an old-style .xls workbook although it is named "
                            f"{suffix or 'without a suffix'}: name it .xls")
        rows = _other_rows(data, shown)
    elif suffix == ".ods":
        if not data.startswith(ZIP):
            raise UserError(f"{shown} is not an OpenDocument spreadsheet although it is named .ods: "
                            "open it and save it again as .ods, .xlsx or CSV")
        rows = _other_rows(data, shown)
    elif suffix in XLSX_SUFFIXES:
        if not data.startswith(ZIP):
            raise UserError(f"{shown} is not an Excel workbook although it is named {suffix}: "
                            "open it and save it again as .xlsx or CSV")
        rows = _xlsx_rows(data, shown)
    elif suffix in CSV_SUFFIXES:
        if data.startswith(ZIP):
            raise UserError(f"{shown} is a workbook, not CSV: name it .xlsx")
        rows = _csv_rows(data, shown)
    else:
        raise UserError(f"{shown} is not a .csv, .xlsx, .xls or .ods file: save the sheet as one of those")
    numbered = [(n, cells) for n, cells in enumerate(rows, 1)]
    if not numbered or all(_blank(c) for c in numbered[0][1]):
        raise UserError(f"{shown} has no header in its first row: put the column names "
                        "(see examples/README.md) in row 1")
    body = [(n, cells) for n, cells in numbered[1:] if any(not _blank(c) for c in cells)]
    if not body:
        raise UserError(f"{shown} has a header but no rows under it: nothing to import")
    if len(body) > MAX_ROWS:
        raise UserError(f"{shown} has {len(body):,} rows; import at most {MAX_ROWS:,} at a time")
    header = [str(c).strip() if c is not None else "" for c in numbered[0][1]]
    return Sheet(p.name, hashlib.sha256(data).hexdigest(), header, body)


def _blank(cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _bounded(data: bytes, shown: str) -> None:
    """A workbook is a zip: what it unpacks to is capped before anything unpacks it, so a small
    file cannot ask for gigabytes (a sheet of a million shared strings, a zip bomb)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            parts = book.infolist()
            strings = next((p for p in parts if p.filename.lower() == "xl/sharedstrings.xml"), None)
            if sum(p.file_size for p in parts) > MAX_UNPACKED or (
                    strings is not None and strings.file_size > MAX_SHARED_STRINGS):
                raise UserError(f"{shown} unpacks to more than {MAX_UNPACKED // 2**20} MB (or its "
                                f"shared text to more than {MAX_SHARED_STRINGS // 2**20} MB); import "
                                f"at most {MAX_ROWS:,} rows of ordinary text at a time, or save it as CSV")
            if strings is not None:
                with book.open(strings) as fh:
                    count = fh.read(MAX_SHARED_STRINGS + 1).count(b"<si")
                if count > MAX_STRINGS:
                    raise UserError(f"{shown} holds {count:,} distinct texts; import at most "
                                    f"{MAX_STRINGS:,} at a time, or save it as CSV")
    except zipfile.BadZipFile:
        raise UserError(f"{shown} cannot be read as an Excel workbook: open it in Excel and "
                        "save it again as .xlsx, or save it as CSV") from None


def _csv_rows(data: bytes, shown: str) -> list[list]:
    if b"\x00" in data:
        raise UserError(f"{shown} is not a text file: save the sheet as CSV UTF-8 or .xlsx")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:  # what Excel on Windows writes for plain "CSV (Comma delimited)"
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise UserError(f"{shown} is not UTF-8 text: save it as CSV UTF-8") from None
    try:  # Excel in some locales writes semicolons
        delimiter = csv.Sniffer().sniff(text[:8192], delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","  # one column, or nothing to tell by
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return [row for row in reader]
    except csv.Error as exc:
        raise UserError(f"row {reader.line_num} of {shown} cannot be read as CSV ({exc}): "
                        "check its quotes") from None


def _xlsx_rows(data: bytes, shown: str) -> list[list]:
    import openpyxl

    _bounded(data, shown)
    # openpyxl raises many kinds of error on a damaged workbook; each means the same to a clerk.
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:
        raise UserError(f"{shown} cannot be read as an Excel workbook: open it in Excel and "
                        "save it again as .xlsx, or save it as CSV") from None
    try:
        sheets = book.worksheets
        if not sheets:
            raise UserError(f"{shown} has no worksheet: put the rows on the first sheet")
        return _trimmed(sheets[0].iter_rows(values_only=True))
    except UserError:
        raise
    except Exception:
        raise UserError(f"{shown} is damaged: open it in Excel and save it again as .xlsx") from None
    finally:
        book.close()


def _trimmed(rows) -> list[list]:
    """A sheet's rows without trailing blank cells, read no further than one row past the most
    an import takes (read_sheet then says how many there were too many)."""
    out = []
    for row in rows:
        cells = list(row)
        while cells and _blank(cells[-1]):
            cells.pop()
        out.append(cells)
        if len(out) > MAX_ROWS + 1:
            break
    return out


def _other_rows(data: bytes, shown: str) -> list[list]:
    """An old .xls or an .ods, by python-calamine. An .ods is a zip, capped as a workbook is."""
    from python_calamine import CalamineWorkbook

    if data.startswith(ZIP):
        _bounded(data, shown)
    # Like openpyxl, calamine has many errors for a damaged file; each means the same to a clerk.
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception:
        raise UserError(f"{shown} cannot be read as a spreadsheet: open it and save it again as "
                        ".xlsx or CSV") from None
    try:
        if not book.sheet_names:
            raise UserError(f"{shown} has no worksheet: put the rows on the first sheet")
        # calamine reads an empty cell as "", openpyxl as None.
        return _trimmed([None if c == "" else c for c in row]
                        for row in book.get_sheet_by_index(0).iter_rows())
    except UserError:
        raise
    except Exception:
        raise UserError(f"{shown} is damaged: open it and save it again as .xlsx or CSV") from None
    finally:
        book.close()


def key_of(heading: str) -> str:
    """'Politically Restricted', 'politically-restricted ' and 'POLITICALLY_RESTRICTED' are
    one column."""
    return re.sub(r"[^0-9a-z]+", "_", heading.lower()).strip("_")


def rows(sheet: Sheet, columns: list[Column]) -> tuple[list[Row], list[str]]:
    """The sheet's rows keyed by column, and the headings casework does not read. A missing
    required column, or one given twice, is a UserError naming it."""
    lookup = {}
    for col in columns:
        for name in (col.key, *col.aliases):
            lookup[key_of(name)] = col.key
    where: dict[str, int] = {}
    ignored = []
    for i, heading in enumerate(sheet.header):
        key = lookup.get(key_of(heading))
        if key is None:
            if heading:
                ignored.append(heading)
            continue
        if key in where:
            raise UserError(f"{sheet.name} has the column {key} twice ({_letter(where[key])} "
                            f"and {_letter(i)}): keep one")
        where[key] = i
    for col in columns:
        if col.required and col.key not in where:
            raise UserError(f"{sheet.name} has no {col.key!r} column: add a column headed "
                            f"{col.key} ({col.hint}) to row 1")
    out = []
    for line, cells in sheet.cells:
        values = {}
        for key, i in where.items():
            cell = cells[i] if i < len(cells) else None
            if isinstance(cell, str):
                cell = cell.strip() or None
            values[key] = cell
        digest = hashlib.sha256(json.dumps([_plain(c) for c in cells], ensure_ascii=False)
                                .encode()).hexdigest()
        out.append(Row(line, values, digest))
    return out, ignored


def _plain(cell):
    return cell.isoformat() if hasattr(cell, "isoformat") else cell


def _letter(i: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"column {get_column_letter(i + 1)}"
