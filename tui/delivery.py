"""Files for a person using the application in a browser tab: written to a private folder of
the server's for a moment, then handed to their browser as a download (Textual's
deliver_binary), never left in a folder of the server's."""

import io
import shutil
import tempfile
from pathlib import Path


def scratch(name: str) -> Path:
    """Where to write `name` before it is delivered: a new folder only this account can read."""
    return Path(tempfile.mkdtemp(prefix="casework-")) / Path(name).name


def deliver(app, written: Path, open_method: str = "download") -> None:
    """Hands the file to the browser and removes it from the server. Call on the app's thread."""
    data = io.BytesIO(written.read_bytes())
    shutil.rmtree(written.parent, ignore_errors=True)
    app.deliver_binary(data, save_filename=written.name, open_method=open_method)
