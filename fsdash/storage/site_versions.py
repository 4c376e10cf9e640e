"""Versions of the site list in the database: storage, current pointer, rollback, history.

Each version keeps the bytes of the file exactly as received (a ``LargeBinary``
column: BLOB on SQLite, bytea on PostgreSQL) and its metadata: source, file
name, official URL when known, date of the extract, SHA-256, size, row counts,
who and when. The one row of ``site_list_current`` points at the current
version: the dashboard reads that one. Every change of version (first version,
import, rollback) writes one ``site_list_history`` row in the same transaction
as the pointer move. Nothing is ever deleted.

An import has two steps. ``prepare`` validates the file (``read_sites``) and
computes its difference with the current version; it writes nothing. Then
``import_candidate`` stores the file and makes it current, in one transaction,
and only if the current version is still the one the difference was computed
against (otherwise ``StaleBaseError``: the user confirmed a difference that no
longer holds). A rejected file, a cancelled import or an error half-way leave
the current version as it was.

Imports and rollbacks take the acting ``rights.User`` and are for administrators
(``accounts.require``: a refusal is recorded and writes nothing). The one write
without a user is the first start's: when no version exists at all, the file
found in the data folder becomes version 1 (``ensure_initial_version``), signed
« démarrage du tableau de bord »; it can only fill an empty table, never replace
a version.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
from sqlalchemy import (
    Engine,
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError, OperationalError

from fsdash.domain import formatting
from fsdash.domain.formatting import now
from fsdash.domain.text import date_in_name, looks_like_html
from fsdash.inputs.differences import SiteDiff, diff_sites
from fsdash.inputs.sites import Report, empty_sites, read_sites
from fsdash.storage import accounts, rights
from fsdash.storage.rights import User
from fsdash.storage.tables import site_list_current, site_list_history, site_list_versions

log = logging.getLogger(__name__)

# The official list is about 1.2 MB for 2,845 sites; a file many times larger is
# not a site list, and validating it would hold the page for seconds.
MAX_IMPORT_BYTES = 20 * 1024 * 1024

SOURCE_DOWNLOAD = "download"  # fetched from the official URL (``fetch --import``)
SOURCE_UPLOAD = "upload"  # sent on the data page
SOURCE_CLI = "cli"  # ``import-sites FILE``
SOURCE_LOCAL = "local"  # the file found in the data folder on first start
SOURCE_LABELS: dict[str, str] = {
    SOURCE_DOWNLOAD: "téléchargée depuis l'adresse officielle",
    SOURCE_UPLOAD: "envoyée sur la page Données",
    SOURCE_CLI: "importée en ligne de commande",
    SOURCE_LOCAL: "fichier local",
}

ACTION_FIRST = "creation"
ACTION_IMPORT = "import"
ACTION_ROLLBACK = "retour"
ACTION_LABELS: dict[str, str] = {
    ACTION_FIRST: "première version (fichier local)",
    ACTION_IMPORT: "import",
    ACTION_ROLLBACK: "retour à une version antérieure",
}

FIRST_START_AUTHOR = "démarrage du tableau de bord"
IMPORT_ACTION = "importer une liste des sites"
ROLLBACK_ACTION = "revenir à une version de la liste des sites"

_META_COLUMNS = [c for c in site_list_versions.c if c.name != "data"]


class VersionError(ValueError):
    """An operation on the versions refused; the message is in French."""


class FileRefusedError(VersionError):
    """The file was rejected by validation; nothing was stored."""


class StaleBaseError(VersionError):
    """The current version changed between the preview and the confirmation."""


@dataclass(frozen=True)
class Version:
    id: int
    created_at: datetime
    author: str
    source: str
    file_name: str
    url: str | None
    extract_date: date | None
    sha256: str
    size: int
    row_count: int
    valid_count: int
    error_count: int
    warning_count: int

    @property
    def source_label(self) -> str:
        return SOURCE_LABELS.get(self.source, self.source)

    def label(self) -> str:
        """« n° 3 – liste-fs.csv (2 842 sites), importée en ligne de commande le 02/12/2026 à 10:15 par Alice »"""
        return (f"n° {self.id} – {self.file_name} ({formatting.number(self.valid_count)} sites), "
                f"{self.source_label} le {formatting.moment(self.created_at)} par {self.author}")


def _utc(moment: datetime | None) -> datetime | None:
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


def _version(row) -> Version:
    values = {c.name: getattr(row, c.name) for c in _META_COLUMNS}
    values["created_at"] = _utc(values["created_at"])
    return Version(**values)



# --------------------------------------------------------------------------- reading


def current_version(engine: Engine) -> Version | None:
    """The current version's metadata (one small query, cheap enough for every page run)."""
    query = (select(*_META_COLUMNS)
             .select_from(site_list_current.join(site_list_versions,
                                                 site_list_current.c.version_id == site_list_versions.c.id))
             .where(site_list_current.c.id == 1))
    with engine.connect() as conn:
        row = conn.execute(query).first()
    return _version(row) if row is not None else None


def get_version(engine: Engine, version_id: int) -> Version:
    with engine.connect() as conn:
        row = conn.execute(select(*_META_COLUMNS).where(site_list_versions.c.id == version_id)).first()
    if row is None:
        raise VersionError(f"La version n° {version_id} de la liste des sites n'existe pas.")
    return _version(row)


def list_versions(engine: Engine) -> list[Version]:
    """Every version, newest first."""
    with engine.connect() as conn:
        rows = conn.execute(select(*_META_COLUMNS).order_by(site_list_versions.c.id.desc())).all()
    return [_version(r) for r in rows]


def has_checksum(engine: Engine, sha256: str) -> bool:
    """Is a file with these bytes already stored as a version?"""
    with engine.connect() as conn:
        return conn.execute(select(site_list_versions.c.id).where(site_list_versions.c.sha256 == sha256)
                            .limit(1)).first() is not None


def version_bytes(engine: Engine, version_id: int) -> bytes:
    with engine.connect() as conn:
        data = conn.execute(select(site_list_versions.c.data).where(site_list_versions.c.id == version_id)).scalar()
    if data is None:
        raise VersionError(f"La version n° {version_id} de la liste des sites n'existe pas.")
    return bytes(data)


def load_version(engine: Engine, version_id: int) -> tuple[pd.DataFrame, Report]:
    """The valid sites of a version and its validation report (validated again from the stored bytes)."""
    version = get_version(engine, version_id)
    return read_sites(version_bytes(engine, version_id), version.file_name)


def history(engine: Engine) -> pd.DataFrame:
    """Every change of version, newest first."""
    columns = ["id", "changed_at", "author", "action", "version_id", "previous_version_id", "summary", "counts"]
    with engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(select(site_list_history)
                                                       .order_by(site_list_history.c.id.desc()))]
    for row in rows:
        row["changed_at"] = _utc(row["changed_at"])
    frame = pd.DataFrame(rows, columns=columns)
    frame["previous_version_id"] = frame["previous_version_id"].astype("Int64")
    return frame


# --------------------------------------------------------------------------- validation and preview


def check_file(data: bytes, name: str) -> tuple[pd.DataFrame, Report]:
    """Validate a candidate site list: ``read_sites`` plus the import's own limits."""
    if len(data) > MAX_IMPORT_BYTES:
        report = Report(file=name, file_errors=[
            f"Le fichier « {name} » fait {formatting.number(len(data) / 1_048_576, 1)} Mo : c'est trop pour "
            f"une liste des France services (la liste officielle fait environ 1 Mo ; "
            f"{formatting.number(MAX_IMPORT_BYTES // 1_048_576)} Mo au plus). Vérifiez qu'il s'agit du bon fichier."
        ])
        return empty_sites(), report
    if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"["):
        report = Report(file=name, file_errors=[
            f"Le fichier « {name} » est un fichier JSON (les contours des départements ?), pas la liste des "
            "France services au format CSV."
        ])
        return empty_sites(), report
    if looks_like_html(data):
        report = Report(file=name, file_errors=[
            f"Le fichier « {name} » est une page web (HTML), pas la liste des France services au format CSV "
            "(page d'erreur ou de connexion enregistrée à la place du fichier ?)."
        ])
        return empty_sites(), report
    return read_sites(data, name)


@dataclass(frozen=True)
class Candidate:
    """A file validated and compared with the current version, not yet stored."""

    name: str
    data: bytes
    sha256: str
    frame: pd.DataFrame
    report: Report
    base: Version | None  # the current version when the difference was computed
    diff: SiteDiff | None  # None when the file is rejected

    @property
    def rejected(self) -> bool:
        return self.report.rejected

    @property
    def identical(self) -> bool:
        """Same bytes as the current version: nothing to import."""
        return self.base is not None and self.base.sha256 == self.sha256


def prepare(engine: Engine, data: bytes, name: str,
            current: tuple[Version, pd.DataFrame] | None = None) -> Candidate:
    """Validate ``data`` and compute its difference with the current version. Writes nothing.

    ``current``: the current version and its valid sites when the caller has
    them already (a page's cache); read from the database otherwise.
    """
    frame, report = check_file(data, name)
    sha256 = hashlib.sha256(data).hexdigest()
    if current is None:
        base = current_version(engine)
        base_frame = load_version(engine, base.id)[0] if base is not None else None
    else:
        base, base_frame = current
    diff = None if report.rejected else diff_sites(base_frame, frame)
    return Candidate(name=name, data=data, sha256=sha256, frame=frame, report=report, base=base, diff=diff)


# --------------------------------------------------------------------------- writing



def _move_pointer(conn, expected: int | None, new_id: int, when: datetime, author: str) -> None:
    """Point ``site_list_current`` at ``new_id`` if it still points at ``expected`` (compare and set)."""
    if expected is None:
        conn.execute(insert(site_list_current).values(id=1, version_id=new_id, changed_at=when, changed_by=author))
        return
    result = conn.execute(
        update(site_list_current)
        .where(site_list_current.c.id == 1, site_list_current.c.version_id == expected)
        .values(version_id=new_id, changed_at=when, changed_by=author)
    )
    if result.rowcount != 1:
        raise _PointerMoved


class _PointerMoved(Exception):
    pass


def _stale(engine: Engine, expected: int | None) -> StaleBaseError:
    current = current_version(engine)
    seen = f"la version n° {expected}" if expected is not None else "aucune version"
    now_text = current.label() if current is not None else "aucune"
    return StaleBaseError(
        f"La version courante de la liste des sites a changé pendant votre vérification (vous aviez vu {seen} ; "
        f"version courante : {now_text}). Rien n'a été modifié : vérifiez la nouvelle différence, "
        "puis confirmez de nouveau."
    )


def _write_history(conn, when: datetime, author: str, action: str, version_id: int, previous: int | None,
                   summary: str, counts: dict | None) -> None:
    conn.execute(insert(site_list_history).values(
        changed_at=when, author=author, action=action, version_id=version_id, previous_version_id=previous,
        summary=summary, counts=counts,
    ))


def import_candidate(engine: Engine, candidate: Candidate, *, source: str, user: User,
                     url: str | None = None, extract_date: date | None = None,
                     action: str = ACTION_IMPORT) -> Version:
    """Store ``candidate`` as a new version and make it current, in one transaction, as ``user``.

    Refused (``rights.AccessDenied``, recorded) unless ``user`` may import;
    refused (``VersionError``, nothing written) when the file was rejected, is
    identical to the current version, or when the current version is no longer
    ``candidate.base`` (``StaleBaseError``).
    """
    accounts.require(engine, user, rights.can_import(user), IMPORT_ACTION, candidate.name)
    return _store(engine, candidate, source=source, author=user.signature, url=url, extract_date=extract_date,
                  action=action)


def _store(engine: Engine, candidate: Candidate, *, source: str, author: str, url: str | None,
           extract_date: date | None, action: str) -> Version:
    """``import_candidate`` once the right is checked (or for the first start)."""
    if candidate.rejected:
        raise FileRefusedError(candidate.report.summary() + " La version courante est inchangée.")
    if candidate.identical:
        raise VersionError(f"Le fichier « {candidate.name} » est identique à la version courante "
                           f"(n° {candidate.base.id}) : rien à importer.")
    if source not in SOURCE_LABELS:
        raise ValueError(f"unknown source {source!r}")
    expected = candidate.base.id if candidate.base is not None else None
    when = now()
    report = candidate.report
    try:
        with engine.begin() as conn:
            new_id = conn.execute(insert(site_list_versions).values(
                created_at=when, author=author, source=source, file_name=candidate.name[:300], url=url,
                extract_date=extract_date or date_in_name(candidate.name), sha256=candidate.sha256,
                size=len(candidate.data), row_count=report.rows, valid_count=report.valid,
                error_count=len(report.errors), warning_count=len(report.warnings), data=candidate.data,
            )).inserted_primary_key[0]
            _move_pointer(conn, expected, new_id, when, author)
            _write_history(conn, when, author, action, new_id, expected, candidate.diff.summary(),
                           candidate.diff.counts())
    except (_PointerMoved, IntegrityError):
        raise _stale(engine, expected) from None
    log.info("site list version %s made current (%s)", new_id, action)
    return get_version(engine, new_id)


def rollback(engine: Engine, version_id: int, user: User, expected_current: int | None = None) -> Version:
    """Make an earlier version current again, with its own history row (one transaction), as ``user``.

    Refused (``rights.AccessDenied``, recorded) unless ``user`` may import.
    ``expected_current``: the current version the user saw; refused
    (``StaleBaseError``) when it changed meanwhile. Default: the current one now.
    """
    accounts.require(engine, user, rights.can_import(user), ROLLBACK_ACTION, f"version n° {version_id}")
    author = user.signature
    target = get_version(engine, version_id)
    current = current_version(engine)
    if current is None:
        raise VersionError("Aucune version courante : importez d'abord une liste des sites.")
    expected = current.id if expected_current is None else expected_current
    if expected != current.id:
        raise _stale(engine, expected)
    if target.id == current.id:
        raise VersionError(f"La version n° {target.id} est déjà la version courante.")
    diff = diff_sites(load_version(engine, current.id)[0], load_version(engine, target.id)[0])
    when = now()
    try:
        with engine.begin() as conn:
            _move_pointer(conn, expected, target.id, when, author)
            _write_history(conn, when, author, ACTION_ROLLBACK, target.id, expected,
                           f"Retour à la version n° {target.id}. {diff.summary()}", diff.counts())
    except _PointerMoved:
        raise _stale(engine, expected) from None
    log.info("site list rolled back to version %s", target.id)
    return target


def ensure_initial_version(engine: Engine, path: Path, provenance: dict | None = None) -> Version | None:
    """First start: when no version exists and ``path`` holds a usable site list, make it version 1.

    Returns the current version (existing or created), or None when there is
    none and the file is missing or rejected. ``provenance``: the file's entry
    in the fetch sidecar (``sources.json``), for its URL and download date.
    """
    current = current_version(engine)
    if current is not None:
        return current
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError:
        return None
    frame, report = check_file(data, path.name)
    if report.rejected:
        return None
    provenance = provenance or {}
    extract = date_in_name(path.name)
    if extract is None and provenance.get("fetched_at"):
        try:
            extract = datetime.fromisoformat(provenance["fetched_at"]).date()
        except ValueError:
            extract = None
    if extract is None:
        try:
            extract = datetime.fromtimestamp(path.stat().st_mtime, UTC).date()
        except OSError:
            extract = None
    candidate = Candidate(name=path.name, data=data, sha256=hashlib.sha256(data).hexdigest(), frame=frame,
                          report=report, base=None, diff=diff_sites(None, frame))
    try:
        # No user: the first start fills an empty table only (``expected`` is None:
        # the pointer insert fails if any version became current meanwhile).
        return _store(engine, candidate, source=SOURCE_LOCAL, author=FIRST_START_AUTHOR,
                      url=provenance.get("final_url") or provenance.get("url"), extract_date=extract,
                      action=ACTION_FIRST)
    except (StaleBaseError, OperationalError):
        # Another process created the first version at the same time.
        return current_version(engine)
