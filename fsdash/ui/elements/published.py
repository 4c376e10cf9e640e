"""Files the browser fetches by address: written once under ``static/fsdash/`` with a
name derived from their content, so that every browser, session and process may
keep them for good (the reverse proxy sends them with a one-year cache header).

Streamlit serves ``static/`` at ``app/static/`` (``enableStaticServing``). Two
processes writing the same file write the same bytes; each writes a temporary
file and renames it, so a reader never sees half a file.
"""

from __future__ import annotations

import hashlib
import os
import tempfile

from fsdash.domain.frontend import STATIC_DIR

FOLDER = STATIC_DIR / "fsdash"
URL_PREFIX = "app/static/fsdash"  # relative: resolved against the page, so a base path keeps working


def content_name(stem: str, data: bytes, extension: str) -> str:
    """``stem-<hash>.extension``: the hash holds at least one letter (a name of digits reads as a date)."""
    digest = hashlib.sha256(data).hexdigest()
    length = 16
    while not any(c in "abcdef" for c in digest[:length]):
        length += 1
    return f"{stem}-{digest[:length]}.{extension}"


def publish(stem: str, data: bytes, extension: str) -> str:
    """Write ``data`` under its content name (unless already there); its address for the browser."""
    name = content_name(stem, data, extension)
    target = FOLDER / name
    if not target.exists():
        FOLDER.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{name}.", dir=FOLDER)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.chmod(temporary, 0o644)
            os.replace(temporary, target)
        except BaseException:
            os.unlink(temporary)
            raise
    return f"{URL_PREFIX}/{name}"


def read(url: str) -> bytes:
    """The bytes of a file ``publish`` wrote, from its address."""
    return (FOLDER / url.rsplit("/", 1)[-1]).read_bytes()
