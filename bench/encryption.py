"""What encryption at rest costs: every figure of the TUI, advance and verify measured on a
cached database and on an encrypted copy of it (SQLCipher, db.cipher), in the same run, and the
ratio of each pair. The encrypted copy's floors decrypt too (bench.common.floor_connect), so its
own rows in the main table still compare like with like."""

import os
from pathlib import Path

from bench import report

# Not a secret: the copy holds the generator's invented council.
PASSPHRASE = "benchmark passphrase, invented council"
ENV = "CASEWORK_DB_PASSPHRASE"


def encrypted_copy(db: Path, log=print) -> Path:
    """Kept beside the plain database, named after it, so a re-run measures at once."""
    from db import cipher

    path = db.with_name(f"{db.stem}.encrypted.db")
    if path.exists():
        return path
    log(f"encrypting a copy of {db.name}")
    part = path.with_suffix(".building")
    part.unlink(missing_ok=True)
    cipher.encrypt_copy(db, part, PASSPHRASE)
    os.replace(part, path)
    return path


class passphrase_given:
    """The passphrase in the environment the measuring children inherit, as a script gives it."""

    def __enter__(self):
        self.was = os.environ.get(ENV)
        os.environ[ENV] = PASSPHRASE

    def __exit__(self, *_):
        if self.was is None:
            os.environ.pop(ENV, None)
        else:
            os.environ[ENV] = self.was


def compare(plain: dict, encrypted: dict) -> list[dict]:
    """Each figure both runs measured: plain, encrypted, and encrypted / plain."""
    out = []
    for row in report.ROWS:
        for cases in sorted(plain):
            a = plain[cases].get(row.part, {}).get(row.ours)
            b = encrypted.get(cases, {}).get(row.part, {}).get(row.ours)
            if a and b:
                out.append({"figure": row.label.strip(), "cases": cases, "unit": row.unit,
                            "plain": a, "encrypted": b, "ratio": b / a})
    return out


def table(rows: list[dict]) -> str:
    width = max(len(r["figure"]) for r in rows)
    lines = [f"{'figure':<{width}}  {'cases':>8}  {'plain':>10}  {'encrypted':>10}  ratio"]
    for r in rows:
        lines.append(f"{r['figure']:<{width}}  {r['cases']:>8,}  "
                     f"{report.num(r['plain'], r['unit']):>10}  "
                     f"{report.num(r['encrypted'], r['unit']):>10}  {r['ratio']:.2f}")
    return "\n".join(lines)
