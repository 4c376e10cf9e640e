"""Local mode, for one person on their own machine: when it applies, as a pure decision.

Local mode makes whoever uses the dashboard ``FSDASH_LOCAL_USER`` without a login.
It is safe only when the person is at the machine's console, so every condition
below must hold for the request at hand (``refusal`` says which one fails):

- ``FSDASH_LOCAL_MODE`` asks for it, and no login is configured (a server with a
  login is a shared server: local mode would bypass it);
- the server listens on loopback only (``server.address``);
- the request did not come through a proxy: no ``X-Forwarded-For``, ``Forwarded``,
  ``X-Real-IP`` nor other ``X-Forwarded-*`` header (behind nginx or an SSH forward
  every visitor would come from the loopback);
- the ``Host`` the browser asked for is a loopback name (``localhost``,
  ``127.0.0.1``, ``[::1]``): a page reached by another name came from elsewhere;
- the person holds the secret token ``FSDASH_LOCAL_TOKEN``, printed by ``run.sh``
  at start in the address to open (``?jeton=…``, as notebook servers do): other
  users of a shared host do not have it. The page keeps it for the session.

Whoever fails one condition is an anonymous reader.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
from collections.abc import Mapping

TRUE = ("1", "true", "oui", "yes", "on")
TOKEN_PARAMETER = "jeton"
MIN_TOKEN_LENGTH = 16
PROXY_HEADERS = ("x-forwarded-for", "forwarded", "x-real-ip", "x-forwarded-host", "x-forwarded-proto",
                 "x-forwarded-server", "x-forwarded-port", "via")
LOOPBACK_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback")


def requested(value: str | None) -> bool:
    """Does ``FSDASH_LOCAL_MODE`` ask for local mode?"""
    return (value or "").strip().lower() in TRUE


def new_token() -> str:
    return secrets.token_urlsafe(24)


def is_loopback_address(address: str | None) -> bool:
    """``server.address`` that only the machine itself can reach (empty: every interface)."""
    address = (address or "").strip().strip("[]")
    if address.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


def host_name(host: str | None) -> str:
    """The name in a ``Host`` header, without its port: ``[::1]:8501`` → ``::1``."""
    host = (host or "").strip().lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    if host.count(":") == 1:
        host = host.split(":", 1)[0]
    return host


def _lower(headers: Mapping[str, str] | None) -> dict[str, str]:
    return {str(k).lower(): str(v) for k, v in (headers or {}).items()}


def refusal(*, mode: str | None, login_configured: bool, server_address: str | None,
            headers: Mapping[str, str] | None, expected_token: str | None, given_token: str | None) -> str | None:
    """Why local mode does not apply to this request (French), or None when it does.

    ``mode``: ``FSDASH_LOCAL_MODE``; ``headers``: the request's headers;
    ``expected_token``: ``FSDASH_LOCAL_TOKEN``; ``given_token``: the token from the
    address or kept in the session."""
    if not requested(mode):
        return "le mode local n'est pas demandé (FSDASH_LOCAL_MODE)"
    if login_configured:
        return "une connexion est configurée sur ce serveur : le mode local est désactivé"
    if not is_loopback_address(server_address):
        return "le serveur n'écoute pas seulement sur la boucle locale"
    lowered = _lower(headers)
    through = [h for h in PROXY_HEADERS if h in lowered]
    if through:
        return "la demande est passée par un intermédiaire (" + ", ".join(through) + ")"
    name = host_name(lowered.get("host"))
    if not (name in LOOPBACK_NAMES or is_loopback_address(name)):
        return "l'adresse demandée n'est pas celle de la machine locale"
    if not expected_token or len(expected_token) < MIN_TOKEN_LENGTH:
        return "aucun jeton secret n'a été créé au démarrage (FSDASH_LOCAL_TOKEN) : lancez ./run.sh"
    if not given_token or not hmac.compare_digest(given_token.encode(), expected_token.encode()):
        return "l'adresse ouverte ne porte pas le jeton affiché au démarrage (?jeton=…)"
    return None
