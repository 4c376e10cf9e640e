"""What an OpenID Connect login must prove before its email is trusted, as pure rules.

The accounts match people by email, so the email must be the provider's word:
- ``email_verified`` is true (a provider that only hands out verified professional
  addresses without that claim, as ProConnect does, is trusted explicitly with
  ``FSDASH_OIDC_TRUST_EMAIL=1``; an explicit ``false`` is refused all the same);
- the token comes from the issuer named in the configured metadata
  (``server_metadata_url``): another provider's token is not accepted;
- the subject (``sub``) is the one recorded at the first login of that email
  (``storage.accounts.bind_subject``): an email taken over by someone else is refused.

Names follow ProConnect where it differs from the standard claims: ``given_name``
and ``usual_name`` (standard: ``given_name`` and ``family_name``, or ``name``).
"""

from __future__ import annotations

from collections.abc import Mapping

TRUE = ("1", "true", "oui", "yes", "on")


class IdentityRefused(ValueError):
    """The login's claims cannot be trusted; French message without personal values."""


def _verified(value) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("true", "1")


def check_claims(claims: Mapping, expected_issuer: str | None, trust_email: bool = False) -> tuple[str, str]:
    """The (email, subject) of trustworthy claims; ``IdentityRefused`` otherwise."""
    email = str(claims.get("email") or "").strip()
    subject = str(claims.get("sub") or "").strip()
    if not email:
        raise IdentityRefused("le fournisseur d'identité n'a pas transmis d'adresse de courriel")
    if not subject:
        raise IdentityRefused("le fournisseur d'identité n'a pas transmis d'identifiant (sub)")
    verified = claims.get("email_verified")
    if (verified is None and not trust_email) or (verified is not None and not _verified(verified)):
        raise IdentityRefused("le fournisseur d'identité n'a pas vérifié cette adresse de courriel")
    if not expected_issuer:
        raise IdentityRefused("l'émetteur attendu des jetons n'a pas pu être lu dans la configuration")
    issuer = str(claims.get("iss") or "").rstrip("/")
    if issuer != expected_issuer.rstrip("/"):
        raise IdentityRefused("le jeton d'identité ne vient pas du fournisseur configuré")
    return email, subject


def display_name(claims: Mapping) -> str:
    """« Prénom Nom » from ProConnect's or the standard claims, else ``name``, else empty."""
    given = str(claims.get("given_name") or "").strip()
    family = str(claims.get("usual_name") or claims.get("family_name") or "").strip()
    name = " ".join(part for part in (given, family) if part)
    return " ".join((name or str(claims.get("name") or "")).split())[:200]


def trust_email(value: str | None) -> bool:
    """``FSDASH_OIDC_TRUST_EMAIL``: accept emails without an ``email_verified`` claim."""
    return (value or "").strip().lower() in TRUE
