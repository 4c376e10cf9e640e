"""Changing the current version of the site list: import (check, difference, confirm) and rollback.

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
from sqlalchemy import Engine, insert, update
from sqlalchemy.exc import IntegrityError, OperationalError

from fsdash.domain import formatting
from fsdash.domain.formatting import now
from fsdash.domain.text import date_in_name, looks_like_html
from fsdash.inputs.differences import SiteDiff, diff_sites
from fsdash.inputs.sites import Report, empty_sites, read_sites
from fsdash.storage import rights
from fsdash.storage.accounts import require
from fsdash.storage.rights import User
from fsdash.storage.site_versions import (
    ACTION_FIRST,
    ACTION_IMPORT,
    ACTION_ROLLBACK,
    FIRST_START_AUTHOR,
    IMPORT_ACTION,
    MAX_IMPORT_BYTES,
    ROLLBACK_ACTION,
    SOURCE_LABELS,
    SOURCE_LOCAL,
    FileRefusedError,
    StaleBaseError,
    Version,
    VersionError,
    current_version,
    get_version,
    load_version,
)
from fsdash.storage.tables import site_list_current, site_list_history, site_list_versions

log = logging.getLogger(__name__)


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
    require(engine, user, rights.can_import(user), IMPORT_ACTION, candidate.name)
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
    require(engine, user, rights.can_import(user), ROLLBACK_ACTION, f"version n° {version_id}")
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
