"""Where the official files came from, and installing a file without ever losing the previous one.

``sources.json`` in the data folder records, per file, its URL, when it was
fetched, its SHA-256 and what validation found (the data page shows it). A new
file is written beside the old one, checked, then renamed over it
(``install``); the sidecar is rewritten the same way.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from fsdash.domain.formatting import now

PROVENANCE_FILENAME = "sources.json"

# A validator receives the complete downloaded bytes, raises ``ValueError``
# (French message) when they are not usable, and may return details worth
# recording in the provenance (e.g. the number of rows).
Validator = Callable[[bytes], Mapping | None]


def read_provenance(data_dir: str | Path) -> dict:
    """Provenance of the files in ``data_dir``, by file name.

    Each entry: ``file``, ``method`` (``download``), ``url``, ``final_url``,
    ``fetched_at`` (ISO 8601, UTC), ``sha256``, ``size``, and what the
    validator found (``rows``, ``valid``, ``errors``, ``warnings`` for the site
    list; ``departements`` for the contours). Empty when nothing was recorded
    or the sidecar is unreadable.
    """
    path = Path(data_dir) / PROVENANCE_FILENAME
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return document if isinstance(document, dict) else {}


def record_provenance(data_dir: str | Path, entry: Mapping) -> None:
    """Add or replace the entry of ``entry["file"]`` in ``sources.json``, atomically."""
    data_dir = Path(data_dir)
    document = read_provenance(data_dir)
    document[entry["file"]] = dict(entry)
    text = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    target = data_dir / PROVENANCE_FILENAME
    tmp = _temporary_file(target)
    try:
        with open(tmp, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        _set_mode(tmp, target)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(data_dir)


@dataclass
class Downloaded:
    """A file now in place, and where it came from."""

    path: Path
    url: str | None
    final_url: str | None
    fetched_at: str
    sha256: str
    size: int
    details: dict = field(default_factory=dict)
    method: str = "download"
    unchanged: bool = False  # same bytes as the file it replaced
    provenance_error: str | None = None

    def provenance(self) -> dict:
        return {
            "file": self.path.name,
            "method": self.method,
            "url": self.url,
            "final_url": self.final_url,
            "fetched_at": self.fetched_at,
            "sha256": self.sha256,
            "size": self.size,
            **self.details,
        }


def _temporary_file(destination: Path) -> Path:
    """A new, unique ``<name>.<random>.part`` file beside ``destination``."""
    fd, name = tempfile.mkstemp(prefix=destination.name + ".", suffix=".part", dir=destination.parent)
    os.close(fd)
    return Path(name)


def _set_mode(tmp: Path, destination: Path) -> None:
    """mkstemp creates 0600 files: give the new file the old one's mode, else 0644."""
    try:
        mode = destination.stat().st_mode & 0o777
    except OSError:
        mode = 0o644
    os.chmod(tmp, mode)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _sha256_of(path: Path) -> str | None:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1024 * 1024), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


def install(tmp: Path, destination: Path, validate: Validator | None, *, url: str | None,
            final_url: str | None, sha256: str | None = None, method: str = "download",
            record: bool = True, on_invalid: Callable[[str], Exception] | None = None) -> Downloaded:
    """Validate the complete temporary file ``tmp`` and rename it over ``destination``.

    Shared by downloads and (later) local imports. ``on_invalid(reason)``
    builds the exception raised when the validator refuses the content.
    The caller deletes ``tmp`` on failure.
    """
    data = tmp.read_bytes()
    sha256 = sha256 or hashlib.sha256(data).hexdigest()
    details: dict = {}
    if validate is not None:
        try:
            details = dict(validate(data) or {})
        except ValueError as exc:
            reason = f"le fichier reçu n'est pas valide. {exc}"
            if on_invalid is None:
                raise
            raise on_invalid(reason) from None
    unchanged = _sha256_of(destination) == sha256
    _set_mode(tmp, destination)
    os.replace(tmp, destination)
    _fsync_dir(destination.parent)
    result = Downloaded(
        path=destination, url=url, final_url=final_url,
        fetched_at=now().isoformat(timespec="seconds"),
        sha256=sha256, size=len(data), details=details, method=method, unchanged=unchanged,
    )
    if record:
        try:
            record_provenance(destination.parent, result.provenance())
        except OSError as exc:
            result.provenance_error = (f"impossible de mettre à jour « {PROVENANCE_FILENAME} » "
                                       f"({exc.strerror or exc})")
    return result


