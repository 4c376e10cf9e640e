from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from fsdash.storage import accounts, purge, registry, rights
from fsdash.storage.rights import User
from fsdash.storage.tables import access_refusals, facilitator_history


def test_purge_blanks_old_personal_values_and_old_refusals(engine):
    admin = rights.operator("test")
    registry.update_record(engine, "37", {"animateur_nom": "Jeanne Martin", "statut": "mi-temps"}, admin, None)
    with engine.begin() as conn:
        conn.execute(update(facilitator_history).values(
            changed_at=datetime.now(UTC) - timedelta(days=6 * 365)))
    registry.update_record(engine, "37", {"animateur_nom": "Paul Durand"}, admin, None)
    reader = User("lecteur@example.fr")
    try:
        accounts.require(engine, reader, False, "modifier", "37")
    except rights.AccessDenied:
        pass
    later = datetime.now(UTC) + timedelta(days=400)
    counts = purge.purge(engine, today=later)
    assert counts == {"historique": 1, "refus": 1}
    hist = registry.history(engine, "37")
    old = hist[(hist["field"] == "animateur_nom") & (hist["after"] == purge.REDACTED)]
    assert len(old) == 1 and old["before"].iloc[0] == purge.REDACTED
    # the recent change keeps its values; non-personal fields are never touched
    assert "Paul Durand" in hist["after"].tolist() and "mi-temps" in hist["after"].tolist()
    with engine.connect() as conn:
        assert conn.execute(select(access_refusals)).first() is None
    assert purge.purge(engine, today=later) == {"historique": 0, "refus": 0}
