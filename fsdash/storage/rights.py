"""Who may see and change what: the three roles and the rights they carry.

Pure functions of the acting ``User``; they read no database and import no other
storage module, so every layer can ask them. The functions that write check these
rights themselves (``accounts.require``): the interface hiding a button is a
convenience, not the protection.

- ``admin`` (ANCT national team) sees everything and may change every record,
  import, roll back, save scenarios and manage accounts;
- ``prefecture``, bound to département codes, sees public data plus the personal
  data and history of its own départements, and may change their records only;
- ``lecteur`` sees public data only, never personal data, and changes nothing
  (may run simulations, not save them).
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass, field

import pandas as pd

from fsdash.domain.record_fields import MASKED, PERSONAL_FIELDS

ADMIN = "admin"
PREFECTURE = "prefecture"
LECTEUR = "lecteur"
ROLES: tuple[str, ...] = (ADMIN, PREFECTURE, LECTEUR)
ROLE_LABELS = {ADMIN: "administrateur (ANCT)", PREFECTURE: "préfecture", LECTEUR: "lecteur"}


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
    def signature(self) -> str:
        """``label`` on one line, cut to the 200 characters of the author columns."""
        return " ".join(self.label.split())[:200]

    @property
    def description(self) -> str:
        text = ROLE_LABELS.get(self.role, self.role)
        if self.role == PREFECTURE:
            text += " (" + ", ".join(sorted(self.departements)) + ")"
        return text


ANONYMOUS = User("anonyme", LECTEUR, source="non connecté")


class AccessDenied(PermissionError):
    """The acting user may not do this; the message is in French."""


def operator(name: str | None = None) -> User:
    """The person at the server's command line: whoever can run commands there
    already holds the database, so the command line acts as an administrator,
    under the system user's name."""
    try:
        login = getpass.getuser()
    except (KeyError, OSError):
        login = "inconnu"
    label = name or f"{login} (ligne de commande)"
    return User(f"{login}@ligne-de-commande", ADMIN, name=label, source="ligne de commande")


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


def may_export_personal(user: User, codes) -> bool:
    """Does ``user`` get personal columns at all in a registry export: administrators
    (every département) and prefectures (their own départements' values only)?"""
    return can_export_personal(user) or any(can_see_personal(user, c) for c in codes)


# --------------------------------------------------------------------------- personal data


def visible_history(user: User, history: pd.DataFrame) -> pd.DataFrame:
    """History rows the user may see: personal fields only for those allowed."""
    if history.empty:
        return history
    allowed = history["departement"].map(lambda code: can_see_personal(user, code))
    return history[allowed | ~history["field"].isin(PERSONAL_FIELDS)].reset_index(drop=True)


def mask_personal(user: User, records: pd.DataFrame, mask: str = "") -> pd.DataFrame:
    """The personal columns of the records the user may not see, replaced by ``mask``."""
    out = records.copy()
    hidden = ~out["departement"].map(lambda code: can_see_personal(user, code))
    for column in PERSONAL_FIELDS:
        if column in out.columns:
            out.loc[hidden, column] = mask
    return out


def masked(user: User, code: str, field: str, text: str) -> str:
    """``text`` as ``user`` may see it: « (masqué) » for another département's
    personal value (empty stays empty)."""
    if field in PERSONAL_FIELDS and text and not can_see_personal(user, code):
        return MASKED
    return text


def author(user: User, text: str | None, code: str | None = None) -> str | None:
    """A staff member's name and email (an author in a history, a version, a scenario)
    as ``user`` may see it: administrators see every author, a prefecture the authors of
    its own départements' record history (``code``); everyone else « (masqué) ».
    The one helper every page, table and export uses for authors. A person is always
    recorded with their email (``User.label``); authors without one are the system's."""
    if not text or "@" not in text:  # not a person: the first start, the demonstration data, « [effacé] »
        return text
    if is_admin(user) or (code is not None and can_see_history(user, code)):
        return text
    return MASKED


def visible_record(user: User, record: dict) -> dict:
    """A facilitator record as ``user`` may see it: personal values blanked, and the last
    editor masked for those without the right to the département's history."""
    code = record["departement"]
    shown = dict(record)
    if not can_see_personal(user, code):
        shown.update(dict.fromkeys(PERSONAL_FIELDS, ""))
    shown["updated_by"] = author(user, shown.get("updated_by"), code)
    return shown
