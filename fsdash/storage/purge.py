"""Apply the retention periods stated on the « Données personnelles » page.

``python -m fsdash purge`` (to run regularly, e.g. monthly):
- blanks the personal values (facilitator name, email, phone) in history rows
  older than ``PURGE_HISTORY_YEARS`` years — the rows themselves stay, so the
  record of who changed what remains;
- deletes access refusals older than ``PURGE_REFUSALS_YEARS`` year(s).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Engine, delete, update

from fsdash.domain.formatting import now

PURGE_HISTORY_YEARS = 5
PURGE_REFUSALS_YEARS = 1
REDACTED = "[effacé]"


def purge(engine: Engine, today: datetime | None = None) -> dict[str, int]:
    from fsdash.domain.record_fields import PERSONAL_FIELDS
    from fsdash.storage.tables import access_refusals, facilitator_history

    today = today or now()
    history_limit = today - timedelta(days=365 * PURGE_HISTORY_YEARS + PURGE_HISTORY_YEARS // 4)
    refusals_limit = today - timedelta(days=365 * PURGE_REFUSALS_YEARS)
    with engine.begin() as conn:
        redacted = conn.execute(
            update(facilitator_history)
            .where(facilitator_history.c.changed_at < history_limit)
            .where(facilitator_history.c.field.in_(PERSONAL_FIELDS))
            .where((facilitator_history.c.before != REDACTED) | (facilitator_history.c.after != REDACTED)
                   | facilitator_history.c.before.is_(None) | facilitator_history.c.after.is_(None))
            .values(before=REDACTED, after=REDACTED)
        ).rowcount
        deleted = conn.execute(delete(access_refusals).where(access_refusals.c.refused_at < refusals_limit)).rowcount
    return {"historique": redacted, "refus": deleted}
