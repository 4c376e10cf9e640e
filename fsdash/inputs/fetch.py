"""``python -m fsdash fetch``: download the official files into the data folder.

Each file is streamed into a temporary ``*.part`` file in the destination
folder, checked (complete length, then content validation) and only then
renamed over the previous file with ``os.replace``: a failed or interrupted
download never touches the file in use. Every successful download is recorded
in ``sources.json`` (the provenance sidecar the data page displays), itself
rewritten atomically.

Standard library only for the transfer (``urllib``); redirects are followed
(data.gouv.fr's stable resource URL redirects to the current file). User-facing
messages are in French.

Hook for a later ``--import FILE`` option (local file instead of a download):
copy the file into a temporary file with ``_temporary_file`` and hand it to
``install`` with ``method="import"``; validation, atomic rename and provenance
are shared.

``--import`` (``fsdash.import_cli``): after the downloads, the new site list is
imported as a version of the dashboard's list (difference shown, then
confirmed), as ``import-sites`` does.
"""

from __future__ import annotations

import argparse
import errno
import hashlib
import http.client
import json
import os
import socket
import ssl
import sys
import tempfile
import textwrap
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Protocol

from fsdash import __version__
from fsdash.domain.formatting import number
from fsdash.domain.settings import CONTOURS_FILENAME, SITES_FILENAME, get_settings

PROVENANCE_FILENAME = "sources.json"
DEFAULT_TIMEOUT = 60.0  # seconds, per network operation (connect, each read)
MAX_BYTES = 500 * 1024 * 1024
CHUNK_SIZE = 64 * 1024
USER_AGENT = f"fsdash/{__version__} (+tableau de bord France services)"

# A validator receives the complete downloaded bytes, raises ``ValueError``
# (French message) when they are not usable, and may return details worth
# recording in the provenance (e.g. the number of rows).
Validator = Callable[[bytes], Mapping | None]


class FetchError(Exception):
    """A download that failed; ``str()`` is a French message naming the URL and file."""

    def __init__(self, reason: str, url: str, destination: Path, final_url: str | None = None,
                 previous_kept: bool = False):
        self.reason = reason
        self.url = url
        self.final_url = final_url
        self.destination = Path(destination)
        self.previous_kept = previous_kept
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.url
        if self.final_url and self.final_url != self.url:
            where += f" (redirigé vers {self.final_url})"
        text = f"Échec du téléchargement de « {self.destination.name} » depuis {where} : {self.reason}"
        if not text.endswith("."):
            text += "."
        if self.previous_kept:
            text += " Le fichier précédent est conservé, inchangé."
        else:
            text += " Aucun fichier n'a été enregistré."
        return text


# --------------------------------------------------------------------------- progress


class Progress(Protocol):
    def start(self, total: int | None) -> None: ...
    def update(self, received: int) -> None: ...
    def finish(self, received: int) -> None: ...


class NoProgress:
    def start(self, total: int | None) -> None:
        pass

    def update(self, received: int) -> None:
        pass

    def finish(self, received: int) -> None:
        pass


def human_size(size: int) -> str:
    """``812 octets``, ``480 Ko``, ``1,1 Mo`` (binary units, French decimals)."""
    if size < 1024:
        return f"{number(size)} octet{'s' if size > 1 else ''}"
    if size < 1024 * 1024:
        return f"{number(size / 1024)} Ko"
    if size < 1024**3:
        return f"{number(size / 1024**2, 1)} Mo"
    return f"{number(size / 1024**3, 1)} Go"


class TextProgress:
    """A plain-text progress bar on a stream (stderr by default).

    On a terminal the line is redrawn in place (percent when the size is known,
    bytes received otherwise); elsewhere (logs, CI, pipes) only a final line is
    written.
    """

    def __init__(self, label: str, stream: IO[str] | None = None, interactive: bool | None = None,
                 width: int = 30, min_interval: float = 0.1):
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        if interactive is None:
            isatty = getattr(self.stream, "isatty", None)
            interactive = bool(isatty and isatty())
        self.interactive = interactive
        self.width = width
        self.min_interval = min_interval
        self.total: int | None = None
        self._last_draw = 0.0
        self._last_len = 0

    def start(self, total: int | None) -> None:
        self.total = total
        if self.interactive:
            self._draw(0)

    def update(self, received: int) -> None:
        if not self.interactive:
            return
        now = time.monotonic()
        if now - self._last_draw >= self.min_interval:
            self._draw(received)

    def finish(self, received: int) -> None:
        if self.interactive:
            self._draw(received)
            self.stream.write("\n")
        else:
            self.stream.write(self.line(received) + "\n")
        self.stream.flush()

    def line(self, received: int) -> str:
        if self.total:
            share = min(received / self.total, 1.0)
            filled = int(share * self.width)
            bar = "#" * filled + "-" * (self.width - filled)
            return (f"{self.label} [{bar}] {int(share * 100):3d} % "
                    f"({human_size(received)} sur {human_size(self.total)})")
        return f"{self.label} : {human_size(received)} reçus"

    def _draw(self, received: int) -> None:
        text = self.line(received)
        pad = " " * max(0, self._last_len - len(text))
        self.stream.write("\r" + text + pad)
        self.stream.flush()
        self._last_len = len(text)
        self._last_draw = time.monotonic()


# --------------------------------------------------------------------------- provenance


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


# --------------------------------------------------------------------------- download


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


def _http_reason(code: int) -> str:
    known = {
        400: "requête refusée",
        401: "authentification requise",
        403: "accès refusé",
        404: "fichier introuvable",
        410: "fichier retiré",
        429: "trop de requêtes, réessayez plus tard",
        500: "erreur interne du serveur",
        502: "passerelle en erreur",
        503: "service indisponible, réessayez plus tard",
        504: "délai dépassé côté serveur",
    }
    text = known.get(code) or ("erreur du serveur" if code >= 500 else "requête refusée")
    return f"le serveur a répondu HTTP {code} ({text})"


def _network_reason(error: BaseException, timeout: float) -> str:
    if isinstance(error, urllib.error.URLError) and not isinstance(error, urllib.error.HTTPError):
        inner = error.reason
        if isinstance(inner, BaseException):
            return _network_reason(inner, timeout)
        return f"erreur réseau ({inner})"
    if isinstance(error, TimeoutError):
        return f"pas de réponse du serveur dans le délai de {number(timeout, 0 if timeout == int(timeout) else 1)} s"
    if isinstance(error, socket.gaierror):
        return "nom de serveur introuvable (pas de connexion à Internet, ou adresse erronée ?)"
    if isinstance(error, ssl.SSLCertVerificationError):
        return f"certificat TLS du serveur refusé ({error.verify_message})"
    if isinstance(error, ssl.SSLError):
        return f"erreur TLS ({error.reason or error})"
    if isinstance(error, ConnectionRefusedError):
        return "connexion refusée par le serveur"
    if isinstance(error, ConnectionResetError | BrokenPipeError | http.client.RemoteDisconnected):
        return "connexion coupée par le serveur"
    if isinstance(error, http.client.IncompleteRead):
        return "téléchargement incomplet : la connexion a été coupée avant la fin du fichier"
    if isinstance(error, http.client.HTTPException):
        return f"réponse HTTP invalide ({type(error).__name__})"
    if isinstance(error, OSError) and error.strerror:
        return f"erreur réseau ({error.strerror})"
    return f"erreur réseau ({error})"


def _check_url(url: str, destination: Path) -> None:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise FetchError("adresse invalide : une URL http:// ou https:// est attendue",
                         url, destination, previous_kept=destination.exists())


def download(url: str, destination: str | Path, validate: Validator | None = None,
             progress: Progress | bool = True, timeout: float = DEFAULT_TIMEOUT,
             max_bytes: int = MAX_BYTES, record: bool = True) -> Downloaded:
    """Download ``url`` to ``destination``, replacing it only when complete and valid.

    The body is streamed into ``<destination>.<random>.part`` in the same
    folder. It is refused when shorter than the announced Content-Length, when
    larger than ``max_bytes``, or when ``validate(data)`` raises
    ``ValueError``; then the temporary file is deleted and ``destination`` is
    left untouched. Otherwise it is renamed over ``destination`` and, when
    ``record``, its provenance is written to ``sources.json`` in that folder.

    ``progress``: ``True`` for a text bar on stderr, ``False`` for none, or a
    ``Progress`` object. ``timeout`` is in seconds, per network operation.
    Raises ``FetchError`` (French message) on any failure.
    """
    destination = Path(destination)
    _check_url(url, destination)
    if progress is True:
        progress = TextProgress(destination.name)
    elif progress is False or progress is None:
        progress = NoProgress()

    def fail(reason: str, final_url: str | None = None) -> FetchError:
        return FetchError(reason, url, destination, final_url, previous_kept=destination.exists())

    try:
        destination.parent.mkdir(parents=True, exist_ok=True)
        tmp = _temporary_file(destination)
    except OSError as exc:
        raise fail(_write_reason(destination, exc)) from exc

    final_url: str | None = None
    try:
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                final_url = response.geturl()
                total = _content_length(response)
                if total is not None and total > max_bytes:
                    raise fail(f"fichier trop volumineux ({human_size(total)} annoncés, "
                               f"maximum {human_size(max_bytes)})", final_url)
                received, sha256 = _transfer(response, tmp, total, progress, max_bytes,
                                             lambda reason: fail(reason, final_url))
        except FetchError:
            raise
        except urllib.error.HTTPError as exc:
            redirected = exc.geturl() if exc.geturl() != url else None
            raise fail(_http_reason(exc.code), redirected) from None
        except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
            raise fail(_network_reason(exc, timeout), final_url) from exc
        if total is not None and received != total:
            raise fail(f"téléchargement incomplet : {human_size(received)} reçus sur "
                       f"{human_size(total)} annoncés ({number(received)} octets sur {number(total)})", final_url)
        if received == 0:
            raise fail("le serveur a renvoyé un fichier vide", final_url)
        try:
            return install(tmp, destination, validate, url=url, final_url=final_url, sha256=sha256,
                           record=record, on_invalid=lambda reason: fail(reason, final_url))
        except OSError as exc:
            raise fail(_write_reason(destination, exc), final_url) from exc
    finally:
        # After a successful install the temporary file has been renamed away.
        tmp.unlink(missing_ok=True)


def _transfer(response, tmp: Path, total: int | None, progress: Progress, max_bytes: int,
              fail: Callable[[str], FetchError]) -> tuple[int, str]:
    """Stream the body into ``tmp``: bytes received and their sha256.

    Network errors propagate as they are; local write errors become ``FetchError``.
    """
    digest = hashlib.sha256()
    received = 0
    progress.start(total)
    try:
        try:
            out = open(tmp, "wb")
        except OSError as exc:
            raise fail(_write_reason(tmp, exc)) from exc
        with out:
            while True:
                chunk = response.read(CHUNK_SIZE)
                if not chunk:
                    break
                received += len(chunk)
                if received > max_bytes:
                    raise fail(f"fichier trop volumineux (plus de {human_size(max_bytes)})")
                digest.update(chunk)
                try:
                    out.write(chunk)
                except OSError as exc:
                    raise fail(_write_reason(tmp, exc)) from exc
                progress.update(received)
            try:
                out.flush()
                os.fsync(out.fileno())
            except OSError as exc:
                raise fail(_write_reason(tmp, exc)) from exc
    finally:
        progress.finish(received)
    return received, digest.hexdigest()


def _write_reason(path: Path, error: OSError) -> str:
    known = {errno.ENOSPC: "disque plein", errno.EACCES: "permission refusée",
             errno.EROFS: "système de fichiers en lecture seule", errno.EDQUOT: "quota disque dépassé"}
    why = known.get(error.errno) or error.strerror or str(error)
    return f"impossible d'écrire dans le dossier « {path.parent} » ({why})"


def _content_length(response) -> int | None:
    value = response.headers.get("Content-Length")
    if value is None or response.headers.get("Transfer-Encoding"):
        return None
    try:
        length = int(value.strip())
    except ValueError:
        return None
    return length if length >= 0 else None


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
        fetched_at=datetime.now(UTC).isoformat(timespec="seconds"),
        sha256=sha256, size=len(data), details=details, method=method, unchanged=unchanged,
    )
    if record:
        try:
            record_provenance(destination.parent, result.provenance())
        except OSError as exc:
            result.provenance_error = (f"impossible de mettre à jour « {PROVENANCE_FILENAME} » "
                                       f"({exc.strerror or exc})")
    return result


# --------------------------------------------------------------------------- validators


def _refuse_html(data: bytes) -> None:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:512]:
        raise ValueError("Le serveur a renvoyé une page web (HTML) au lieu du fichier attendu "
                         "(adresse erronée, ou page d'erreur ou de maintenance).")


def validate_sites(data: bytes) -> dict:
    """The site list must not be rejected by ``read_sites``; returns its counts."""
    from fsdash.inputs.sites import read_sites  # lazy: keeps ``--help`` fast

    _refuse_html(data)
    try:
        _, report = read_sites(data, SITES_FILENAME)
    except Exception as exc:  # read_sites reports bad content; anything else is unexpected content
        raise ValueError(f"Le fichier « {SITES_FILENAME} » est illisible ({type(exc).__name__}).") from exc
    if report.rejected:
        raise ValueError(report.summary())
    return {"rows": report.rows, "valid": report.valid,
            "errors": len(report.errors), "warnings": len(report.warnings)}


def validate_contours(data: bytes) -> dict:
    """The contours must be parsed by ``parse_contours``; returns how many départements."""
    from fsdash.inputs.contours import ContoursFileError, parse_contours

    _refuse_html(data)
    try:
        contours = parse_contours(data, CONTOURS_FILENAME)
    except ContoursFileError as exc:
        raise ValueError(str(exc)) from None
    except Exception as exc:  # odd JSON shapes (features that are not objects, broken geometries)
        raise ValueError(f"Le fichier « {CONTOURS_FILENAME} » n'est pas un GeoJSON de contours lisible "
                         f"({type(exc).__name__}).") from exc
    return {"departements": len(contours.codes)}


@dataclass(frozen=True)
class Source:
    key: str
    label: str  # French, for messages
    filename: str
    validate: Validator


SOURCES: tuple[Source, ...] = (
    Source("sites", "liste des France services", SITES_FILENAME, validate_sites),
    Source("contours", "contours des départements", CONTOURS_FILENAME, validate_contours),
)


@dataclass
class Outcome:
    source: Source
    url: str
    result: Downloaded | None = None
    error: FetchError | None = None

    @property
    def ok(self) -> bool:
        return self.result is not None


def fetch_all(data_dir: str | Path, urls: Mapping[str, str], timeout: float = DEFAULT_TIMEOUT,
              progress: bool | Callable[[str], Progress] = True) -> list[Outcome]:
    """Download every source (``urls`` by source key) into ``data_dir``, one after the other.

    ``progress``: as for ``download``, or a factory ``progress(file_name)``.
    A failure does not stop the others, and a file already installed stays.
    """
    data_dir = Path(data_dir)
    outcomes = []
    for source in SOURCES:
        url = urls[source.key]
        outcome = Outcome(source, url)
        bar = progress(source.filename) if callable(progress) else progress
        try:
            outcome.result = download(url, data_dir / source.filename, source.validate,
                                      progress=bar, timeout=timeout)
        except FetchError as exc:
            outcome.error = exc
        outcomes.append(outcome)
    return outcomes


# --------------------------------------------------------------------------- command line


def _timeout(value: str) -> float:
    try:
        seconds = float(value.replace(",", "."))
    except ValueError:
        seconds = -1.0
    if not seconds > 0 or seconds == float("inf"):
        raise argparse.ArgumentTypeError(f"délai invalide « {value} » : un nombre de secondes positif est attendu")
    return seconds


class _HelpFormatter(argparse.HelpFormatter):
    """Does not break lines at hyphens, so that URLs stay whole (copy and paste)."""

    def _split_lines(self, text, width):
        return textwrap.wrap(self._whitespace_matcher.sub(" ", text).strip(), width, break_on_hyphens=False,
                             break_long_words=False)


def register(subparsers) -> None:
    settings = get_settings()
    parser = subparsers.add_parser(
        "fetch",
        formatter_class=_HelpFormatter,
        help="télécharger les fichiers officiels (liste des France services, contours des départements)",
        description=(
            "Télécharge la liste officielle des France services et les contours des départements "
            "depuis leurs adresses officielles, dans le dossier des données. Chaque fichier est "
            "vérifié avant de remplacer le précédent : un téléchargement échoué ou invalide laisse "
            f"le fichier précédent intact. La provenance est notée dans « {PROVENANCE_FILENAME} »."
        ),
    )
    parser.add_argument("--dossier", metavar="DOSSIER", type=Path, default=None,
                        help=f"dossier des données (par défaut : {settings.data_dir}, "
                             "variable FSDASH_DATA_DIR)")
    parser.add_argument("--sites-url", metavar="URL", default=None,
                        help=f"adresse de la liste des France services (par défaut : {settings.sites_url})")
    parser.add_argument("--contours-url", metavar="URL", default=None,
                        help=f"adresse des contours des départements (par défaut : {settings.contours_url})")
    parser.add_argument("--timeout", metavar="SECONDES", type=_timeout, default=DEFAULT_TIMEOUT,
                        help=f"délai d'attente du réseau en secondes (par défaut : {number(DEFAULT_TIMEOUT)})")
    # ``--import``, ``--auteur``, ``--oui``, ``--max``: import the downloaded site list as a version.
    from fsdash.cli.sites import add_fetch_import_options

    add_fetch_import_options(parser)
    parser.set_defaults(handler=run)


def _success_line(result: Downloaded, source: Source) -> str:
    details = result.details
    counts = ""
    if "rows" in details:
        counts = f"{number(details['rows'])} lignes, {number(details.get('valid', 0))} valides, "
    elif "departements" in details:
        counts = f"{number(details['departements'])} départements, "
    same = " (identique au fichier précédent)" if result.unchanged else ""
    return (f"« {result.path.name} » ({source.label}) enregistré : {counts}{human_size(result.size)}, "
            f"depuis {result.final_url or result.url}{same}.")


def run(args: argparse.Namespace, out: IO[str] | None = None, err: IO[str] | None = None) -> int:
    out = out if out is not None else sys.stdout
    err = err if err is not None else sys.stderr
    settings = get_settings()
    data_dir = args.dossier or settings.data_dir
    urls = {"sites": args.sites_url or settings.sites_url,
            "contours": args.contours_url or settings.contours_url}
    try:
        outcomes = fetch_all(data_dir, urls, timeout=args.timeout,
                             progress=lambda name: TextProgress(name, stream=err))
    except KeyboardInterrupt:
        print("Téléchargement interrompu. Un fichier en cours de téléchargement n'a pas été enregistré ; "
              f"voir « {Path(data_dir) / PROVENANCE_FILENAME} » pour les fichiers déjà mis à jour.", file=err)
        return 130
    for outcome in outcomes:
        if outcome.ok:
            print(_success_line(outcome.result, outcome.source), file=out)
            if outcome.result.provenance_error:
                print(f"Attention : {outcome.result.provenance_error}.", file=err)
        else:
            print(str(outcome.error), file=err)
    succeeded = [o.source.filename for o in outcomes if o.ok]
    failed = [o.source.filename for o in outcomes if not o.ok]
    if not failed:
        print(f"Fichiers à jour dans « {data_dir} ».", file=out)
        code = 0
    else:
        if succeeded:
            print("Mise à jour partielle : " + ", ".join(f"« {n} »" for n in succeeded) + " mis à jour ; "
                  + ", ".join(f"« {n} »" for n in failed) + " en échec.", file=err)
        else:
            print("Aucun fichier n'a été mis à jour.", file=err)
        code = 1
    if getattr(args, "import_sites", False):
        from fsdash.cli.sites import import_after_fetch

        code = max(code, import_after_fetch(args, outcomes, out=out, err=err))
    return code
