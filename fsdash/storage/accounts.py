"""Accounts, the refusals on record, and the check every write makes (``require``).

An account gives an email a role (``rights``) and, for a prefecture, its
départements; ``FSDASH_ADMINS`` names emails that are always administrators. Every
change of an account is written to ``account_history``; every refused action to
``access_refusals``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

import pandas as pd
from sqlalchemy import Engine, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from fsdash.domain.formatting import now
from fsdash.domain.territories import DEPARTEMENTS
from fsdash.storage.rights import (
    ADMIN,
    LECTEUR,
    PREFECTURE,
    ROLES,
    AccessDenied,
    User,
    can_manage_accounts,
)
from fsdash.storage.tables import access_refusals, account_history, account_subjects, accounts


class AccountError(ValueError):
    """Invalid account data; French message."""


class SubjectMismatch(AccountError):
    """A login whose OpenID subject differs from the one recorded for that email."""


def require(engine: Engine, user: User, allowed: bool, action: str, target: str = "") -> None:
    """Raise ``AccessDenied`` (and record the refusal) unless ``allowed``."""
    if allowed:
        return
    with engine.begin() as conn:
        conn.execute(insert(access_refusals).values(
            refused_at=now(), email=user.email[:254], role=user.role, action=action[:60], target=target[:200]))
    where = f" ({target})" if target else ""
    raise AccessDenied(f"Action refusée : {action}{where} n'est pas permis pour {user.email}, "
                       f"{user.description}.")


def refusals(engine: Engine, limit: int = 200) -> pd.DataFrame:
    with engine.connect() as conn:
        rows = conn.execute(select(access_refusals).order_by(access_refusals.c.id.desc()).limit(limit)).mappings()
        return pd.DataFrame(list(rows), columns=[c.name for c in access_refusals.columns])


# --------------------------------------------------------------------------- accounts


def normalize_email(email: str) -> str:
    email = (email or "").strip().lower()
    if "@" not in email or len(email) > 254 or any(c.isspace() for c in email):
        raise AccountError(f"adresse de courriel invalide « {email} »")
    return email


def designated_admins() -> set[str]:
    """Emails named in ``FSDASH_ADMINS``: always administrators (to bootstrap the accounts)."""
    return {e.strip().lower() for e in os.environ.get("FSDASH_ADMINS", "").split(",") if e.strip()}


def unknown_policy() -> str:
    """``FSDASH_UNKNOWN_USERS``: « lecteur » (default) or « refuser »."""
    value = os.environ.get("FSDASH_UNKNOWN_USERS", "lecteur").strip().lower()
    return "refuser" if value in ("refuser", "refuse", "refused", "deny") else "lecteur"


def _codes(departements: Iterable[str] | str) -> frozenset[str]:
    if isinstance(departements, str):
        departements = departements.replace(";", ",").split(",")
    codes = frozenset(c.strip().upper().zfill(2) if c.strip().isdigit() else c.strip().upper()
                      for c in departements if c.strip())
    unknown = sorted(c for c in codes if c not in DEPARTEMENTS)
    if unknown:
        raise AccountError("département(s) inconnu(s) : " + ", ".join(unknown))
    return codes


def get_account(engine: Engine, email: str) -> dict | None:
    with engine.connect() as conn:
        row = conn.execute(select(accounts).where(accounts.c.email == email)).mappings().first()
    return dict(row) if row and row["revoked_at"] is None else None


def resolve_user(engine: Engine, email: str, name: str = "", subject: str | None = None) -> User | None:
    """The user for a signed-in email; None when unknown emails are refused.

    ``subject``: the login's OpenID ``sub``. An email with rights beyond reading is
    bound to the subject of its first login; another subject raises
    ``SubjectMismatch`` (recorded as a refusal)."""
    email = normalize_email(email)
    if email in designated_admins():
        user = User(email, ADMIN, name=name, source="administrateur désigné")
    elif account := get_account(engine, email):
        user = User(email, account["role"], _codes(account["departements"]), name=name)
    elif unknown_policy() == "refuser":
        return None
    else:
        return User(email, LECTEUR, name=name, source="par défaut")
    if subject is not None and user.role != LECTEUR and not bind_subject(engine, email, subject):
        with engine.begin() as conn:
            conn.execute(insert(access_refusals).values(
                refused_at=now(), email=email, role=user.role, action="connexion",
                target="identifiant OpenID différent de celui de la première connexion"))
        raise SubjectMismatch("cette adresse est liée à une autre identité chez le fournisseur de connexion : "
                              "demandez à l'équipe nationale de l'ANCT de vérifier votre compte")
    return user


def bind_subject(engine: Engine, email: str, subject: str) -> bool:
    """Record ``subject`` for ``email`` at its first login; False when another is recorded."""
    subject = subject.strip()[:255]
    with engine.connect() as conn:
        bound = conn.execute(select(account_subjects.c.subject).where(account_subjects.c.email == email)).scalar()
    if bound is None:
        try:
            with engine.begin() as conn:
                conn.execute(insert(account_subjects).values(email=email, subject=subject, bound_at=now()))
            return True
        except IntegrityError:  # a first login elsewhere at the same moment
            with engine.connect() as conn:
                bound = conn.execute(select(account_subjects.c.subject)
                                     .where(account_subjects.c.email == email)).scalar()
    return bound == subject


def _describe(role: str | None, departements: str | None) -> str | None:
    if role is None:
        return None
    return role + (f" ({departements})" if departements else "")


def grant(engine: Engine, actor: User, email: str, role: str, departements: Iterable[str] | str = ()) -> User:
    """Create or change an account (admins only), recorded in ``account_history``."""
    require(engine, actor, can_manage_accounts(actor), "gérer les comptes", email)
    email = normalize_email(email)
    if role not in ROLES:
        raise AccountError(f"rôle inconnu « {role} » (valeurs admises : {', '.join(ROLES)})")
    codes = _codes(departements)
    if role == PREFECTURE and not codes:
        raise AccountError("un compte préfecture doit avoir au moins un département")
    if role != PREFECTURE:
        codes = frozenset()
    text = ",".join(sorted(codes))
    when = now()
    with engine.begin() as conn:
        row = conn.execute(select(accounts).where(accounts.c.email == email)).mappings().first()
        before = _describe(row["role"], row["departements"]) if row and row["revoked_at"] is None else None
        values = {"role": role, "departements": text, "granted_by": actor.email, "granted_at": when,
                  "revoked_at": None}
        if before is None:  # a new or revoked account: the next login binds its subject afresh
            conn.execute(delete(account_subjects).where(account_subjects.c.email == email))
        if row is None:
            conn.execute(insert(accounts).values(email=email, **values))
        else:
            conn.execute(update(accounts).where(accounts.c.email == email).values(**values))
        conn.execute(insert(account_history).values(
            changed_at=when, author=actor.label, email=email,
            action="attribution" if before is None else "modification", before=before,
            after=_describe(role, text)))
    return User(email, role, codes)


def revoke(engine: Engine, actor: User, email: str) -> bool:
    """Revoke an account (admins only); False when there was none."""
    require(engine, actor, can_manage_accounts(actor), "gérer les comptes", email)
    email = normalize_email(email)
    if email == actor.email:
        raise AccountError("vous ne pouvez pas révoquer votre propre compte")
    when = now()
    with engine.begin() as conn:
        row = conn.execute(select(accounts).where(accounts.c.email == email)).mappings().first()
        if row is None or row["revoked_at"] is not None:
            return False
        conn.execute(update(accounts).where(accounts.c.email == email).values(revoked_at=when))
        conn.execute(delete(account_subjects).where(account_subjects.c.email == email))
        conn.execute(insert(account_history).values(
            changed_at=when, author=actor.label, email=email, action="révocation",
            before=_describe(row["role"], row["departements"]), after=None))
    return True


def list_accounts(engine: Engine) -> pd.DataFrame:
    with engine.connect() as conn:
        rows = conn.execute(select(accounts).where(accounts.c.revoked_at.is_(None))
                            .order_by(accounts.c.email)).mappings()
        return pd.DataFrame(list(rows), columns=[c.name for c in accounts.columns])


def history(engine: Engine, limit: int = 500) -> pd.DataFrame:
    with engine.connect() as conn:
        rows = conn.execute(select(account_history).order_by(account_history.c.id.desc()).limit(limit)).mappings()
        return pd.DataFrame(list(rows), columns=[c.name for c in account_history.columns])
