"""HTTP download of one file, streamed to disk with a progress bar, checked, then installed.

Standard library only (``urllib``); redirects are followed (data.gouv.fr's stable
resource URL redirects to the current file). Every failure is a ``FetchError``
with a French message naming the URL and the file; the file in use is never
touched by a failed or interrupted download.
"""

from __future__ import annotations

import errno
import hashlib
import http.client
import os
import socket
import ssl
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import IO, Protocol

from fsdash import __version__
from fsdash.domain.formatting import human_size, number
from fsdash.inputs.provenance import Downloaded, Validator, _temporary_file, install

DEFAULT_TIMEOUT = 60.0  # seconds, per network operation (connect, each read)
MAX_BYTES = 500 * 1024 * 1024
CHUNK_SIZE = 64 * 1024
USER_AGENT = f"fsdash/{__version__} (+tableau de bord France services)"


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


# --------------------------------------------------------------------------- download


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


