"""Where papers come from for people in a browser tab: one folder (setting `uploads`, environment
CASEWORK_UPLOADS; default: casework's data folder's `uploads`), which the council fills from a
share its staff can reach. A tab's application reads no other file (casework.infile)."""

import os
from pathlib import Path

import platformdirs

from casework.errors import UserError
from casework.infile import UPLOADS_ONLY
from casework.outfile import user_path
from db.location import private_mode


def area() -> Path:
    from casework.config import setting

    given = setting("uploads")
    if given:
        return user_path(given)
    return Path(platformdirs.user_data_dir("casework", appauthor=False)) / "uploads"


def confine_tabs() -> Path:
    """Makes the folder if need be, and confines every tab started from here to it."""
    folder = area()
    try:
        folder.mkdir(mode=private_mode(folder=True), parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"the upload folder {folder} cannot be made ({exc.strerror}); name another "
                        "with CASEWORK_UPLOADS") from None
    os.environ[UPLOADS_ONLY] = str(folder.resolve())
    return folder.resolve()
