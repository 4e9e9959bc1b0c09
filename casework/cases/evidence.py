"""Reading evidence back: every read is checked against the SHA-256 it was stored under; and
what kind of paper each is, for those who show or bind it."""

import hashlib

from sqlalchemy import select

from casework.errors import UserError
from casework.transaction import read
from db.models import Blob

IMAGE_TYPES = ("image/png", "image/jpeg", "image/gif", "image/tiff", "image/bmp", "image/webp")
TEXT_TYPES = ("application/json", "message/rfc822", "application/xml")


def kind_of(media_type: str, filename: str) -> str | None:
    """pdf, image or text: how a paper can be read and bound; None for anything else."""
    if media_type == "application/pdf":
        return "pdf"
    if media_type in IMAGE_TYPES:
        return "image"
    if media_type.startswith("text/") or media_type in TEXT_TYPES:
        return "text"
    return None


def evidence_bytes(engine, sha256: str, name: str) -> bytes:
    """`name` says which paper, e.g. "document 3 (letter.pdf)", for the error a person reads."""
    with read(engine) as s:
        data = s.execute(select(Blob.data).where(Blob.sha256 == sha256)).scalar()
    if data is None:
        raise UserError(f"{name} is missing from the evidence store; restore the database from a backup")
    if hashlib.sha256(data).hexdigest() != sha256:
        raise UserError(
            f"{name} no longer matches its SHA-256 as attached; the evidence store is damaged, "
            f"restore it from a backup"
        )
    return data
