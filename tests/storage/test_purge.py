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
    assert counts["historique"] == 1 and counts["refus"] == 1
    hist = registry.history(engine, "37")
    old = hist[(hist["field"] == "animateur_nom") & (hist["after"] == purge.REDACTED)]
    assert len(old) == 1 and old["before"].iloc[0] == purge.REDACTED
    # the recent change keeps its values; non-personal fields are never touched
    assert "Paul Durand" in hist["after"].tolist() and "mi-temps" in hist["after"].tolist()
    with engine.connect() as conn:
        assert conn.execute(select(access_refusals)).first() is None
    assert purge.purge(engine, today=later) == {"historique": 0, "auteurs": 0, "refus": 0, "comptes": 0}


# --------------------------------------------------------------------------- each period the privacy page states

ALICE = User("alice.martin@anct.gouv.fr", rights.ADMIN, name="Alice Martin")
DAY = timedelta(days=1)


def _age_everything(engine, moment):
    """Date every history, version, scenario and refusal at ``moment``."""
    from fsdash.storage.tables import (
        account_history,
        budget_scenarios,
        facilitators,
        site_list_current,
        site_list_history,
        site_list_versions,
    )

    with engine.begin() as conn:
        for table, column in ((facilitator_history, "changed_at"), (facilitators, "updated_at"),
                              (site_list_versions, "created_at"), (site_list_history, "changed_at"),
                              (site_list_current, "changed_at"), (account_history, "changed_at"),
                              (budget_scenarios, "created_at"), (budget_scenarios, "updated_at"),
                              (access_refusals, "refused_at")):
            conn.execute(update(table).where(table.c[column].is_not(None)).values({column: moment}))


def _fill(engine):
    from fsdash.budget import scenarios
    from fsdash.budget.assumptions import Assumptions
    from fsdash.storage import site_imports, site_versions
    from tests.conftest import REAL_SITES

    site_imports.ensure_initial_version(engine, REAL_SITES)
    candidate = site_imports.prepare(engine, REAL_SITES.read_bytes().replace(b"\n", b"\r\n"), "liste.csv")
    site_imports.import_candidate(engine, candidate, source=site_versions.SOURCE_UPLOAD, user=ALICE)
    registry.update_record(engine, "87", {"statut": "mi-temps", "animateur_nom": "Jeanne Martin"}, ALICE, None)
    accounts.grant(engine, ALICE, "pref87@haute-vienne.gouv.fr", rights.PREFECTURE, "87")
    scenarios.save_scenario(engine, "Bascule", Assumptions(), ALICE)
    try:
        accounts.require(engine, User("curieux@example.fr"), False, "modifier", "87")
    except rights.AccessDenied:
        pass


def _authors(engine) -> list[str]:
    """Every author, editor or account email left in the histories, versions and scenarios."""
    from fsdash.storage.tables import (
        account_history,
        budget_scenarios,
        facilitators,
        site_list_current,
        site_list_history,
        site_list_versions,
    )

    with engine.connect() as conn:
        found = []
        for column in (facilitator_history.c.author, facilitators.c.updated_by, site_list_versions.c.author,
                       site_list_history.c.author, site_list_current.c.changed_by, account_history.c.author,
                       account_history.c.email, budget_scenarios.c.created_by, budget_scenarios.c.updated_by):
            found += [v for v in conn.execute(select(column)).scalars() if v and "@" in v]
        return found


def test_authors_are_kept_five_years_then_erased_everywhere(engine):
    _fill(engine)
    today = datetime.now(UTC)
    _age_everything(engine, purge.history_limit(today) + DAY)  # a day short of five years
    assert purge.purge(engine, today=today)["auteurs"] == 0
    assert ALICE.label in _authors(engine)
    _age_everything(engine, purge.history_limit(today) - DAY)  # five years and a day
    counts = purge.purge(engine, today=today)
    assert counts["auteurs"] >= 9 and _authors(engine) == []
    hist = registry.history(engine, "87")
    assert set(hist["author"]) == {purge.REDACTED} and "mi-temps" in hist["after"].tolist()  # what changed stays
    assert registry.get_record(engine, "87")["animateur_nom"] == "Jeanne Martin"  # the current contact stays


def test_personal_values_in_the_history_are_kept_five_years(engine):
    _fill(engine)
    today = datetime.now(UTC)
    _age_everything(engine, purge.history_limit(today) + DAY)
    assert purge.purge(engine, today=today)["historique"] == 0
    assert "Jeanne Martin" in registry.history(engine, "87")["after"].tolist()
    _age_everything(engine, purge.history_limit(today) - DAY)
    assert purge.purge(engine, today=today)["historique"] == 1
    assert "Jeanne Martin" not in registry.history(engine, "87")["after"].tolist()


def test_refusals_are_kept_one_year(engine):
    _fill(engine)
    today = datetime.now(UTC)
    _age_everything(engine, purge.refusals_limit(today) + DAY)
    assert purge.purge(engine, today=today)["refus"] == 0 and len(accounts.refusals(engine)) == 1
    _age_everything(engine, purge.refusals_limit(today) - DAY)
    assert purge.purge(engine, today=today)["refus"] == 1 and accounts.refusals(engine).empty


def test_accounts_are_kept_until_revoked(engine):
    from fsdash.storage.tables import account_subjects
    from fsdash.storage.tables import accounts as accounts_table

    _fill(engine)
    accounts.grant(engine, ALICE, "pref23@creuse.gouv.fr", rights.PREFECTURE, "23")
    accounts.resolve_user(engine, "pref23@creuse.gouv.fr", "", "sub-23")
    accounts.resolve_user(engine, "pref87@haute-vienne.gouv.fr", "", "sub-87")
    assert purge.purge(engine)["comptes"] == 0
    accounts.revoke(engine, ALICE, "pref23@creuse.gouv.fr")
    assert purge.purge(engine)["comptes"] == 1
    with engine.connect() as conn:
        assert conn.execute(select(accounts_table.c.email)).scalars().all() == ["pref87@haute-vienne.gouv.fr"]
        assert conn.execute(select(account_subjects.c.email)).scalars().all() == ["pref87@haute-vienne.gouv.fr"]


def test_the_privacy_page_states_these_periods():
    from fsdash.ui.privacy.page import ROWS

    periods = [row[3] for row in ROWS]
    assert periods == list(purge.RETENTION.values())
    assert "après 5 ans" in periods[1] and "après 5 ans" in periods[2] and "après 1 an" in periods[2]
    assert "révoqué" in periods[3] and "supprimé à la purge" in periods[3]
