"""Apply the retention periods stated on the « Données personnelles » page, exactly.

``python -m fsdash purge`` (to run regularly, e.g. monthly). What the page promises,
period by period (``RETENTION`` is the page's source, so the two cannot drift):

- facilitator's name, email and phone in the record's history: replaced by
  « [effacé] » after ``PURGE_HISTORY_YEARS`` years — the rows stay, so what changed
  when remains;
- users' names and emails in every history (record history and last editor of a
  record, site list versions, their history and current pointer, account history,
  saved scenarios' authors): « [effacé] » after ``PURGE_HISTORY_YEARS`` years;
- the journal of refused actions: deleted after ``PURGE_REFUSALS_YEARS`` year(s);
- accounts: kept until revoked; a revoked account (its email, role, départements and
  the login subject bound to it) is deleted at the next purge.

The facilitator's current contact stays in the record while the person holds the
post: the prefecture or the ANCT clears it at their departure (the page says so).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Engine, delete, select, update

from fsdash.domain.formatting import now
from fsdash.domain.record_fields import PERSONAL_FIELDS
from fsdash.storage.accounts import designated_admins
from fsdash.storage.tables import (
    access_refusals,
    account_history,
    account_subjects,
    accounts,
    budget_scenarios,
    facilitator_history,
    facilitators,
    site_list_current,
    site_list_history,
    site_list_versions,
)

PURGE_HISTORY_YEARS = 5
PURGE_REFUSALS_YEARS = 1
REDACTED = "[effacé]"

# What the privacy page states about each kind of data, period included.
RETENTION = {
    "animateur": "tant que la personne occupe le poste : la préfecture ou l'ANCT les efface de la fiche à son départ",
    "historique": f"valeurs personnelles remplacées par « {REDACTED} » dans l'historique après "
                  f"{PURGE_HISTORY_YEARS} ans (commande « python -m fsdash purge »)",
    "auteurs": f"noms et courriels remplacés par « {REDACTED} » dans les historiques, les versions de la liste "
               f"des sites et les scénarios après {PURGE_HISTORY_YEARS} ans ; journal des refus supprimé après "
               f"{PURGE_REFUSALS_YEARS} an",
    "comptes": "jusqu'à la révocation du compte : un compte révoqué (courriel, rôle, départements, identifiant "
               "de connexion) est supprimé à la purge suivante",
}


def history_limit(today: datetime) -> datetime:
    return today - timedelta(days=365 * PURGE_HISTORY_YEARS + PURGE_HISTORY_YEARS // 4)


def refusals_limit(today: datetime) -> datetime:
    return today - timedelta(days=365 * PURGE_REFUSALS_YEARS)


def _redact(conn, column, moment, limit: datetime) -> int:
    """Replace ``column``'s values older than ``limit`` (by ``moment``) with « [effacé] »."""
    table = column.table
    return conn.execute(update(table).where(moment < limit).where(column != REDACTED).where(column != "")
                        .values({column.name: REDACTED})).rowcount


def purge(engine: Engine, today: datetime | None = None) -> dict[str, int]:
    """Apply every retention period, in one transaction; counts per kind of data."""
    today = today or now()
    old, refusals_old = history_limit(today), refusals_limit(today)
    fh = facilitator_history
    with engine.begin() as conn:
        values = conn.execute(
            update(fh).where(fh.c.changed_at < old).where(fh.c.field.in_(PERSONAL_FIELDS))
            .where((fh.c.before != REDACTED) | (fh.c.after != REDACTED) | fh.c.before.is_(None) | fh.c.after.is_(None))
            .values(before=REDACTED, after=REDACTED)
        ).rowcount
        authors = sum((
            _redact(conn, fh.c.author, fh.c.changed_at, old),
            _redact(conn, facilitators.c.updated_by, facilitators.c.updated_at, old),
            _redact(conn, site_list_versions.c.author, site_list_versions.c.created_at, old),
            _redact(conn, site_list_history.c.author, site_list_history.c.changed_at, old),
            _redact(conn, site_list_current.c.changed_by, site_list_current.c.changed_at, old),
            _redact(conn, account_history.c.author, account_history.c.changed_at, old),
            _redact(conn, account_history.c.email, account_history.c.changed_at, old),
            _redact(conn, budget_scenarios.c.created_by, budget_scenarios.c.created_at, old),
            _redact(conn, budget_scenarios.c.updated_by, budget_scenarios.c.updated_at, old),
        ))
        refusals = conn.execute(delete(access_refusals).where(access_refusals.c.refused_at < refusals_old)).rowcount
        revoked = conn.execute(delete(accounts).where(accounts.c.revoked_at.is_not(None))).rowcount
        conn.execute(delete(account_subjects).where(
            account_subjects.c.email.not_in(select(accounts.c.email)))
            .where(account_subjects.c.email.not_in(_designated())))
    return {"historique": values, "auteurs": authors, "refus": refusals, "comptes": revoked}


def _designated() -> list[str]:
    """Emails of ``FSDASH_ADMINS``: administrators without an account row, whose subject stays bound."""
    return sorted(designated_admins()) or [""]
