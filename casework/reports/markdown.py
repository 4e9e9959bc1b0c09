"""The annual report as Markdown, for committee papers and the council's website."""

from casework.reports.tables import Report, Table


def cell(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _escape(text: str) -> str:
    return text.replace("|", "\\|")


def _table(t: Table) -> list[str]:
    out = [f"## {t.title}", ""]
    if t.note:
        out += [t.note, ""]
    out.append("| " + " | ".join(_escape(h) for h in [t.label, *t.columns]) + " |")
    out.append("|---|" + "|".join("--:" if t.key != "cases" else "---" for _ in t.columns) + "|")
    for label, values in t.rows:
        out.append("| " + " | ".join(_escape(cell(v)) for v in [label, *values]) + " |")
    return out + [""]


def render(report: Report) -> str:
    version = ("Public version" if report.public
               else "Full version: contains case references; not for publication")
    lines = [f"# {report.council}: annual report on complaints, {report.year}", "",
             f"{version}. Figures as at {report.as_at}.", ""]
    for para in report.intro:
        lines += [para, ""]
    for t in report.tables:
        lines += _table(t)
    return "\n".join(lines).rstrip("\n") + "\n"
