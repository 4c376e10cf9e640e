"""Registry states for tests written before the registry had dated periods."""

from __future__ import annotations

from datetime import date

from sqlalchemy import insert

from fsdash.domain.statuses import MI_TEMPS
from fsdash.storage import demo, registry
from fsdash.storage.tables import settings_table

JUNE_2023 = date(2023, 6, 30)


def load_june_2023_state(engine, user, demo_flag: bool = True) -> None:
    """The demonstration as it stood on 30 June 2023 (73 départements at half time,
    the other 28 and Saint-Martin without a facilitator), as periods with an
    unknown start: in force on every day, today included. With the demo flag
    (banner) unless ``demo_flag`` is false."""
    values = {code: {"statut": statut, "financement_annuel": 25_000.0 if statut == MI_TEMPS else None,
                     "commentaire": demo.DEMO_COMMENT}
              for code, statut in demo.demo_statuses(JUNE_2023).items()}
    registry.apply_many(engine, values, user, "démonstration")
    if demo_flag:
        with engine.begin() as conn:
            conn.execute(insert(settings_table).values(key="demo", value="1"))
