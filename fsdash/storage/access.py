"""Who may see and change what: roles, accounts, rights, and refusals on record.

Three roles (PRODUCT.md and the access-control issue):

- ``admin`` (ANCT national team) sees everything and may change every record,
  import, roll back, save scenarios and manage accounts;
- ``prefecture``, bound to département codes, sees public data plus the personal
  data and history of its own départements, and may change their records only;
- ``lecteur`` sees public data only, never personal data, and changes nothing
  (may run simulations, not save them).

Every write function of fsdash takes the acting ``User`` and calls ``require``
itself: the interface hiding a button is a convenience, not the protection. A
refusal raises ``AccessDenied`` and is written to ``access_refusals``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import Column, DateTime, Engine, Integer, String, Table, Text, insert, select, update

from fsdash.domain.territories import DEPARTEMENTS
from fsdash.storage.engine import metadata

ADMIN = "admin"
PREFECTURE = "prefecture"
LECTEUR = "lecteur"
ROLES: tuple[str, ...] = (ADMIN, PREFECTURE, LECTEUR)
ROLE_LABELS = {ADMIN: "administrateur (ANCT)", PREFECTURE: "préfecture", LECTEUR: "lecteur"}

accounts = Table(
    "accounts",
    metadata,
    Column("email", String(254), primary_key=True),
    Column("role", String(20), nullable=False),
    Column("departements", String(400), nullable=False, default=""),  # codes, comma-separated
    Column("granted_by", String(254), nullable=False),
    Column("granted_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
)

account_history = Table(
    "account_history",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("changed_at", DateTime(timezone=True), nullable=False),
    Column("author", String(254), nullable=False),
    Column("email", String(254), nullable=False, index=True),
    Column("action", String(20), nullable=False),  # attribution, modification, révocation
    Column("before", Text, nullable=True),
    Column("after", Text, nullable=True),
)

access_refusals = Table(
    "access_refusals",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("refused_at", DateTime(timezone=True), nullable=False),
    Column("email", String(254), nullable=False),
    Column("role", String(20), nullable=False),
    Column("action", String(60), nullable=False),
    Column("target", String(200), nullable=False),
)


@dataclass(frozen=True)
class User:
    """The person acting. ``departements`` matter for the ``prefecture`` role only."""

    email: str
    role: str = LECTEUR
    departements: frozenset[str] = field(default_factory=frozenset)
    name: str = ""
    source: str = "compte"  # compte, administrateur désigné, par défaut, local, ligne de commande

    @property
    def label(self) -> str:
        """How the person is named in histories: « Nom <email> » or the email."""
        return f"{self.name} <{self.email}>" if self.name and self.name != self.email else self.email

    @property
    def description(self) -> str:
        text = ROLE_LABELS.get(self.role, self.role)
        if self.role == PREFECTURE:
            text += " (" + ", ".join(sorted(self.departements)) + ")"
        return text


ANONYMOUS = User("anonyme", LECTEUR, source="non connecté")


class AccessDenied(PermissionError):
    """The acting user may not do this; the message is in French."""


class AccountError(ValueError):
    """Invalid account data; French message."""


def now() -> datetime:
    return datetime.now(UTC)


# --------------------------------------------------------------------------- rights


def is_admin(user: User) -> bool:
    return user.role == ADMIN


def owns(user: User, code: str) -> bool:
    return user.role == PREFECTURE and code in user.departements


def can_edit_record(user: User, code: str) -> bool:
    return is_admin(user) or owns(user, code)


def can_see_personal(user: User, code: str) -> bool:
    """Facilitator name, email and phone, and the history of a département."""
    return is_admin(user) or owns(user, code)


can_see_history = can_see_personal


def can_import(user: User) -> bool:
    """New site lists, rollbacks, whole-registry imports."""
    return is_admin(user)


def can_save_scenarios(user: User) -> bool:
    return is_admin(user)


def can_manage_accounts(user: User) -> bool:
    return is_admin(user)


def can_export_personal(user: User) -> bool:
    """Whole-registry exports with personal columns: the national team only."""
    return is_admin(user)


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


# --------------------------------------------------------------------------- personal data


def visible_history(user: User, history: pd.DataFrame) -> pd.DataFrame:
    """History rows the user may see: personal fields only for those allowed."""
    from fsdash.storage.registry import PERSONAL_FIELDS

    if history.empty:
        return history
    allowed = history["departement"].map(lambda code: can_see_personal(user, code))
    return history[allowed | ~history["field"].isin(PERSONAL_FIELDS)].reset_index(drop=True)


def mask_personal(user: User, records: pd.DataFrame) -> pd.DataFrame:
    """Blank the personal columns of the records the user may not see."""
    from fsdash.storage.registry import PERSONAL_FIELDS

    out = records.copy()
    hidden = ~out["departement"].map(lambda code: can_see_personal(user, code))
    for column in PERSONAL_FIELDS:
        if column in out.columns:
            out.loc[hidden, column] = ""
    return out


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


def resolve_user(engine: Engine, email: str, name: str = "") -> User | None:
    """The user for a signed-in email; None when unknown emails are refused."""
    email = normalize_email(email)
    if email in designated_admins():
        return User(email, ADMIN, name=name, source="administrateur désigné")
    account = get_account(engine, email)
    if account:
        return User(email, account["role"], _codes(account["departements"]), name=name)
    if unknown_policy() == "refuser":
        return None
    return User(email, LECTEUR, name=name, source="par défaut")


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


def operator(name: str | None = None) -> User:
    """The person at the server's command line: whoever can run commands there
    already holds the database, so the command line acts as an administrator,
    under the system user's name."""
    import getpass

    try:
        login = getpass.getuser()
    except (KeyError, OSError):
        login = "inconnu"
    label = name or f"{login} (ligne de commande)"
    return User(f"{login}@ligne-de-commande", ADMIN, name=label, source="ligne de commande")
