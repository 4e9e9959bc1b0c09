"""Hearing-bundle export against a bare pikepdf merge of the same files, at two sizes.

The bare merge is the floor under the bundle: the same pages in the same order, copied and
written, with none of the index, stamps, links, bookmarks, hashes or audit. Each export runs
in a fresh process, so its peak RSS is its own; bundle and bare runs alternate so drift in the
machine hits both alike. Only the export is timed: in the TUI the imports are loaded and the
database open before anyone asks for a bundle.

    python -m bench.bundle [--runs 3] [--sizes 500,5000] [--json FILE]

`python -m bench` runs it too, through run() and table().

Targets (from the issue): time within 2x of the bare merge; memory not growing with the page
count beyond the output itself. A bare merge holds the whole output as qpdf objects too, so
memory is judged by growth from the smallest size: the bundle's peak above its import floor
may grow by no more than the bare merge's does plus the growth of the bundle's output file.
Fixed costs (fonts, the first image) show in the smallest size's figures, not in that test.
The bare merge is pikepdf's plain one, each file's pages added with Pdf.pages.extend and the
file closed, as the bundle binds with pikepdf. pikepdf 10.18 counts every page on each page
added that way, so the bare merge's time grows with the square of the pages (1.8 of its 2
seconds at 5,000 pages on the reference machine); the bundle puts pages into the page tree
itself, so at that size it can take less time than the bare merge.
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from bench import common
from bench.common import peak_mb

PAGES_PER_FILE = 50
SECTIONS = ["complaint", "response", "investigation-report", "witness-statements", "evidence"]
TIME_TARGET = 2.0
WORDS = ("the officer said that the member had raised his voice in the corridor outside "
         "the committee room and again in the car park after the meeting had closed").split()


def resident_mb() -> float:
    # The floor is resident now, not the peak so far, which holds the imports' transients.
    return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGESIZE") / 2**20


def evidence_pdf(path: Path, pages: int, n: int) -> Path:
    """Mixed shapes, as councils receive them; every other file is full text on every page,
    so content streams are the size of a typed statement rather than a one-line label."""
    from reportlab.lib.pagesizes import A4, landscape, letter
    from reportlab.pdfgen.canvas import Canvas

    w, h = (A4, landscape(A4), letter)[n % 3]
    c = Canvas(str(path), pagesize=(w, h), pageCompression=1)
    for p in range(1, pages + 1):
        c.setFont("Helvetica-Bold", 13)
        c.drawString(50, h - 50, f"{path.stem} page {p}")
        if n % 2 == 0:
            c.setFont("Helvetica", 9)
            for line in range(int((h - 110) // 12)):
                start = (p * 7 + line * 3) % len(WORDS)
                c.drawString(50, h - 80 - 12 * line, " ".join((WORDS * 2)[start:start + 16]))
        c.showPage()
    c.save()
    return path


def extras(folder: Path, n: int) -> list[Path]:
    """Two photographs and an email per case, each with a one-page PDF stand-in for the bare
    merge, which cannot append an image or text (the stand-ins are drawn here, untimed).
    Flat colours compress to almost nothing: these understate what a phone photograph costs."""
    from PIL import Image, ImageDraw
    from reportlab.pdfgen.canvas import Canvas

    sources = []
    for k, size in enumerate([(1600, 1200), (900, 1400)]):
        pic = Image.new("RGB", size, "#4477aa")
        ImageDraw.Draw(pic).ellipse([40, 40, size[0] - 40, size[1] - 40], fill="#ddcc77")
        pic.save(folder / f"photo-{n}-{k}.png")
        sources.append(folder / f"photo-{n}-{k}.png")
    sources.append(folder / f"email-{n}.txt")
    sources[-1].write_text("From: Olive Manager\n\n" + "\n".join(" ".join(WORDS[i:i + 12]) for i in range(0, 40, 4)))
    for src in sources:
        c = Canvas(str(src.with_suffix(".stand-in.pdf")))  # A4
        if src.suffix == ".png":
            c.drawImage(str(src), 54, 200, 480, 480, preserveAspectRatio=True)
        for i, line in enumerate(src.read_text().splitlines() if src.suffix == ".txt" else []):
            c.drawString(54, 780 - 14 * i, line)
        c.save()
    return sources


def child_build(work: str, sizes: str) -> dict[int, dict]:
    """A real database built through the services, one case per size; returns, per size, the
    case reference and the source files in the order the bundle binds them."""
    from casework.bundle.contents import gather
    from casework.cases.opening import open_case
    from casework.cases.papers import attach
    from casework.people import register
    from casework.workspace import open_workspace

    work = Path(work)
    ws = open_workspace(str(work / "bench.db"))
    register.init(ws, "mo", "Mona Officer")
    register.add_person(ws, "mo", "member", "Cllr Ann Jones", None, None)
    register.add_person(ws, "mo", "officer", "Bob Smith", "Planning", None)
    cases = {}
    for size in map(int, sizes.split(",")):
        folder = work / f"src-{size}"
        folder.mkdir()
        ref = open_case(ws, "mo", "Cllr Ann Jones", "Bob Smith", "21.9.3",
                        f"Benchmark case of about {size} pages", "2026-01-05")
        for n in range(max(1, round(size / PAGES_PER_FILE))):
            path = evidence_pdf(folder / f"doc-{size}-{n:03d}.pdf", PAGES_PER_FILE, n)
            attach(ws, ref, str(path), "mo", SECTIONS[n % len(SECTIONS)],
                   on=date(2026, 1, 1) + timedelta(days=n % 200))
        for src in extras(folder, size):
            attach(ws, ref, str(src), "mo", "evidence", on="2026-03-01")
        items = gather(ws, ref, "mo", False, None).items
        files = [folder / it.filename for it in items]
        order = [str(f if f.suffix == ".pdf" else f.with_suffix(".stand-in.pdf")) for f in files]
        listing = work / f"order-{size}.json"
        listing.write_text(json.dumps(order))
        cases[size] = {"ref": ref, "listing": str(listing), "documents": len(order)}
    ws.engine.dispose()
    return cases


def timed(export, out: str) -> dict:
    floor = resident_mb()
    t = time.perf_counter()
    pages = export()
    return {"seconds": time.perf_counter() - t, "floor_mb": floor, "peak_mb": peak_mb(),
            "pages": pages, "out_mb": os.path.getsize(out) / 2**20}


def child_bundle(db: str, ref: str, out: str) -> dict:
    from casework.bundle.build import bundle
    from casework.workspace import open_workspace

    ws = open_workspace(db)
    return timed(lambda: bundle(ws, ref, "mo", out).pages, out)


def child_bare(listing: str, out: str) -> dict:
    import pikepdf

    paths = json.loads(Path(listing).read_text())

    def merge() -> int:
        pdf = pikepdf.new()
        for path in paths:
            with pikepdf.open(path) as source:
                pdf.pages.extend(source.pages)
        pdf.save(out)
        return len(pdf.pages)

    return timed(merge, out)


def spawn(*args: str) -> dict:
    return common.spawn("bundle", *args)


def summarise(runs: list[dict]) -> dict:
    med = {k: statistics.median(r[k] for r in runs) for k in ("seconds", "floor_mb", "peak_mb", "out_mb")}
    med["above_mb"] = statistics.median(r["peak_mb"] - r["floor_mb"] for r in runs)
    med["pages"] = runs[0]["pages"]
    return med


def measure(work: Path, size: int, case: dict, runs: int, log) -> dict:
    ours, bare = [], []
    for i in range(runs):
        log(f"  {size} pages, run {i + 1}/{runs}")
        bare.append(spawn("bare", case["listing"], str(work / "bare.pdf")))
        ours.append(spawn("bundle", str(work / "bench.db"), case["ref"], str(work / "bundle.pdf")))
    b, o = summarise(bare), summarise(ours)
    return {
        "size": size, "documents": case["documents"], "bare": b, "bundle": o,
        "time_ratio": o["seconds"] / b["seconds"], "peak_ratio": o["peak_mb"] / b["peak_mb"],
        "above_floor_ratio": o["above_mb"] / max(b["above_mb"], 0.1),
        "extra_mb": o["above_mb"] - b["above_mb"], "time_met": o["seconds"] / b["seconds"] <= TIME_TARGET,
    }


def growth(results: list[dict]) -> None:
    """Memory per page from the smallest size to each larger one; the smallest is the reference."""
    first = results[0]
    for r in results[1:]:
        grew = {k: r[k]["above_mb"] - first[k]["above_mb"] for k in ("bare", "bundle")}
        pages = r["bundle"]["pages"] - first["bundle"]["pages"]
        r["per_1000_pages_mb"] = {k: 1000 * v / pages for k, v in grew.items()}
        r["grew_extra_mb"] = grew["bundle"] - grew["bare"]
        r["grew_out_mb"] = r["bundle"]["out_mb"] - first["bundle"]["out_mb"]
        r["memory_met"] = r["grew_extra_mb"] <= r["grew_out_mb"]


def table(results: list[dict]) -> str:
    def row(label: str, cell, growth: bool = False) -> str:
        cells = (cell(r) if "memory_met" in r or not growth else "(reference)" for r in results)
        return f"{label:<48}" + "".join(f"{c:>21}" for c in cells)

    def both(r: dict, key: str, digits: int = 0) -> str:
        return f"{r['bare'][key]:.{digits}f} / {r['bundle'][key]:.{digits}f}"

    met = {True: "met", False: "NOT MET"}
    return "\n".join([
        row("", lambda r: f"~{r['size']:,} pages"),
        row("documents / pages, bundle (bare merge)",
            lambda r: f"{r['documents']} / {r['bundle']['pages']:,} ({r['bare']['pages']:,})"),
        row("time median, bare / bundle (s)", lambda r: both(r, "seconds", 2)),
        row(f"time ratio bundle/bare (target <= {TIME_TARGET})",
            lambda r: f"{r['time_ratio']:.2f} {met[r['time_met']]}"),
        row("peak RSS, bare / bundle (MB), ratio", lambda r: f"{both(r, 'peak_mb')}  x{r['peak_ratio']:.2f}"),
        row("import floor, bare / bundle (MB)", lambda r: both(r, "floor_mb")),
        row("above floor, bare / bundle (MB), ratio",
            lambda r: f"{both(r, 'above_mb')}  x{r['above_floor_ratio']:.2f}"),
        row("bundle's extra above floor over bare (MB)", lambda r: f"{r['extra_mb']:.1f}"),
        row("output file, bare / bundle (MB)", lambda r: both(r, "out_mb", 1)),
        row("above floor per 1,000 more pages, bare / bundle",
            lambda r: "{bare:.1f} / {bundle:.1f}".format(**r["per_1000_pages_mb"]), growth=True),
        row("growth of the extra vs of the output (MB)",
            lambda r: f"{r['grew_extra_mb']:.1f} vs {r['grew_out_mb']:.1f}", growth=True),
        row("memory target: extra grows <= output grows", lambda r: met[r["memory_met"]], growth=True),
    ])


def run(sizes: list[int], runs: int, log=print) -> dict:
    """Builds the evidence and the database (in a child), then times each size."""
    sizes = sorted(sizes)
    with tempfile.TemporaryDirectory(prefix="bench-bundle-") as tmp:
        work = Path(tmp)
        log("building the bundle database and the evidence files")
        cases = {int(k): v for k, v in spawn("build", tmp, ",".join(map(str, sizes))).items()}
        results = [measure(work, size, cases[size], runs, log) for size in sizes]
    growth(results)
    return {"runs": runs, "time_target": TIME_TARGET, "results": results}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--sizes", default="500,5000", help="approximate pages per case, comma-separated")
    ap.add_argument("--json", help="also write the figures here")
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        kind, *rest = args.child
        work = {"bundle": child_bundle, "bare": child_bare, "build": child_build}[kind]
        print(json.dumps(work(*rest)))
        return
    figures = run([int(s) for s in args.sizes.split(",")], args.runs,
                  log=lambda m: print(m, file=sys.stderr))
    print(f"hearing bundle vs bare pikepdf merge, {args.runs} runs each, fresh process per run")
    print(table(figures["results"]))
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
