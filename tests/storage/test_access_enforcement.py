"""Rights enforced by fsdash itself, not by the pages (access-control issue).

Every write function is called directly, as a prefecture of the 37 trying to do
what only the national team may do: each call raises ``AccessDenied``, writes
nothing (the whole database is compared before and after) and is recorded in
``access_refusals``. The same prefecture may change its own record; an
administrator may do everything. Personal data (facilitator name, email, phone)
stays out of readers' exports, of the history they see, of exception texts and
of logs.
"""

from __future__ import annotations

import io
import logging
import time
from datetime import UTC, datetime

import openpyxl
import pandas as pd
import pytest
from sqlalchemy import select

from fsdash.budget import scenarios
from fsdash.budget.assumptions import Assumptions
from fsdash.domain.record_fields import DEMO_AUTHOR, PERSONAL_FIELDS
from fsdash.inputs import record_values, statuses_file
from fsdash.storage import accounts, demo, registry, registry_io, rights, site_imports, site_versions
from fsdash.storage.rights import ADMIN, LECTEUR, PREFECTURE, AccessDenied, User
from fsdash.storage.tables import metadata
from tests.conftest import REAL_SITES
from tests.support.site_lists import modified_real_list

ADMIN_USER = User("chef@anct.gouv.fr", ADMIN, name="Cheffe ANCT")
PREF_37 = User("pref@indre-et-loire.gouv.fr", PREFECTURE, frozenset({"37"}), name="Préfecture 37")
READER = User("lecteur@example.fr", LECTEUR)
REAL_BYTES = REAL_SITES.read_bytes()
MODIFIED_BYTES, _ = modified_real_list()
PERSONAL_37 = {"animateur_nom": "Camille Martin", "animateur_email": "camille.martin@example.fr",
               "animateur_telephone": "02 47 11 22 33"}
PERSONAL_41 = {"animateur_nom": "Dominique Blois", "animateur_email": "dominique.blois@example.fr",
               "animateur_telephone": "02 54 44 55 66"}
PERSONAL_VALUES = [*PERSONAL_37.values(), *PERSONAL_41.values()]


def snapshot(engine) -> dict:
    """Every row of every table but the refusals' log."""
    with engine.connect() as conn:
        return {t.name: sorted((tuple(sorted((k, str(v)) for k, v in r.items()))
                                for r in conn.execute(select(t)).mappings()), key=str)
                for t in metadata.sorted_tables if t.name != "access_refusals"}


@pytest.fixture
def filled(engine):
    """Two versions of the site list (the modified one current), records for the
    37 and the 41 with a facilitator each, and one saved scenario."""
    site_imports.ensure_initial_version(engine, REAL_SITES)
    candidate = site_imports.prepare(engine, MODIFIED_BYTES, "liste-modifiee.csv")
    site_imports.import_candidate(engine, candidate, source=site_versions.SOURCE_UPLOAD, user=ADMIN_USER)
    registry.update_record(engine, "37", {"statut": "temps plein", **PERSONAL_37}, ADMIN_USER, None)
    registry.update_record(engine, "41", {"statut": "mi-temps", **PERSONAL_41}, ADMIN_USER, None)
    scenarios.save_scenario(engine, "Référence", Assumptions(), ADMIN_USER)
    return engine


def parsed_file(text: str, name: str = "registre.csv") -> statuses_file.StatusesFile:
    parsed = statuses_file.read_statuses(text.encode("utf-8"), name)
    assert parsed.ok, [str(e) for e in parsed.errors]
    return parsed


# Each write a prefecture of the 37 may not make: (what, call, action recorded, target recorded).
FORBIDDEN = [
    ("changer la fiche du 41",
     lambda e: registry.update_record(e, "41", {"statut": "aucun"}, PREF_37, None),
     "modifier la fiche de l'animateur", "41"),
    ("changer les coordonnées de l'animateur du 41",
     lambda e: registry.update_record(e, "41", {"animateur_nom": "Intrus"}, PREF_37, None),
     "modifier la fiche de l'animateur", "41"),
    ("importer une liste des sites",
     lambda e: site_imports.import_candidate(e, site_imports.prepare(e, REAL_BYTES, "liste.csv"),
                                              source=site_versions.SOURCE_UPLOAD, user=PREF_37),
     "importer une liste des sites", "liste.csv"),
    ("revenir à la version 1",
     lambda e: site_imports.rollback(e, 1, PREF_37),
     "revenir à une version de la liste des sites", "version n° 1"),
    ("importer le fichier du registre, même pour son seul département",
     lambda e: registry_io.import_statuses(e, parsed_file("departement;statut\n37;aucun\n"), PREF_37),
     "importer le registre des animateurs", "registre.csv"),
    ("appliquer plusieurs fiches d'un coup",
     lambda e: registry.apply_many(e, {"37": {"statut": "aucun"}}, PREF_37, "import"),
     "importer le registre des animateurs", "1 département(s)"),
    ("enregistrer un nouveau scénario",
     lambda e: scenarios.save_scenario(e, "Vagues", Assumptions(delay_months=6), PREF_37),
     "enregistrer un scénario", "Vagues"),
    ("enregistrer par-dessus un scénario",
     lambda e: scenarios.save_scenario(e, "Référence", Assumptions(delay_months=6), PREF_37),
     "enregistrer un scénario", "Référence"),
    ("remplacer un scénario",
     lambda e: scenarios.save_scenario(e, "Référence", Assumptions(delay_months=6), PREF_37, replace=True),
     "remplacer un scénario", "Référence"),
    ("supprimer un scénario",
     lambda e: scenarios.delete_scenario(e, "Référence", PREF_37),
     "supprimer un scénario", "Référence"),
    ("charger les données de démonstration",
     lambda e: demo.load_demo(e, PREF_37),
     "charger les données de démonstration", ""),
    ("effacer le registre",
     lambda e: demo.clear_demo(e, PREF_37),
     "effacer le registre (démonstration)", ""),
]


@pytest.mark.parametrize(("what", "call", "action", "target"), FORBIDDEN, ids=[f[0] for f in FORBIDDEN])
def test_a_prefecture_of_37_is_refused_writes_nothing_and_is_recorded(filled, what, call, action, target):
    before = snapshot(filled)
    with pytest.raises(AccessDenied, match="Action refusée") as refused:
        call(filled)
    assert "pref@indre-et-loire.gouv.fr, préfecture (37)" in str(refused.value)
    assert snapshot(filled) == before
    logged = accounts.refusals(filled)
    assert logged[["email", "role", "action", "target"]].values.tolist() == [
        [PREF_37.email, PREFECTURE, action, target]]
    assert logged["refused_at"].notna().all()


def test_a_prefecture_changes_its_own_departement(filled):
    saved = registry.update_record(filled, "37", {"statut": "recrutement en cours", "animateur_nom": "",
                                                  "commentaire": "Départ en mars"}, PREF_37, None)
    assert (saved["statut"], saved["animateur_nom"]) == ("recrutement en cours", "")
    assert saved["updated_by"] == "Préfecture 37 <pref@indre-et-loire.gouv.fr>"
    latest = registry.history(filled, "37")
    assert set(latest[latest["author"] == PREF_37.label]["field"]) == {"statut", "etp", "animateur_nom",
                                                                       "commentaire"}
    assert accounts.refusals(filled).empty


def test_a_reader_changes_nothing(filled):
    before = snapshot(filled)
    for call in (lambda: registry.update_record(filled, "37", {"statut": "aucun"}, READER, None),
                 lambda: scenarios.save_scenario(filled, "Mien", Assumptions(), READER),
                 lambda: demo.load_demo(filled, READER),
                 lambda: registry.update_record(filled, "37", {"statut": "aucun"}, rights.ANONYMOUS, None)):
        with pytest.raises(AccessDenied):
            call()
    assert snapshot(filled) == before
    assert accounts.refusals(filled)["email"].tolist() == ["anonyme", *[READER.email] * 3]


def test_an_administrator_may_do_everything(filled):
    registry.update_record(filled, "41", {"statut": "temps plein", "animateur_nom": "Autre"}, ADMIN_USER, None)
    registry_io.import_statuses(filled, parsed_file("departement;statut\n37;aucun\n"), ADMIN_USER)
    version = site_imports.import_candidate(filled, site_imports.prepare(filled, REAL_BYTES, "liste.csv"),
                                             source=site_versions.SOURCE_UPLOAD, user=ADMIN_USER)
    site_imports.rollback(filled, 2, ADMIN_USER, expected_current=version.id)
    scenarios.save_scenario(filled, "Référence", Assumptions(delay_months=6), ADMIN_USER, replace=True)
    scenarios.save_scenario(filled, "Vagues", Assumptions(), ADMIN_USER)
    assert scenarios.delete_scenario(filled, "Vagues", ADMIN_USER)
    demo.load_demo(filled, ADMIN_USER)
    demo.clear_demo(filled, ADMIN_USER)
    assert accounts.refusals(filled).empty
    assert site_versions.current_version(filled).id == 2
    assert scenarios.load_scenario(filled, "Référence").assumptions.delay_months == 6
    # the demonstration data is signed as such (no person behind it), the rest by the administrator
    assert set(registry.history(filled)["author"]) == {ADMIN_USER.label, DEMO_AUTHOR}


def test_the_command_line_acts_as_a_named_administrator(engine):
    from fsdash.cli.common import operator

    for user in (operator("Alice"), operator(" Alice ")):
        assert user.role == ADMIN and user.source == "ligne de commande"
        assert user.label.startswith("Alice <") and user.label.endswith("@ligne-de-commande>")
    registry.update_record(engine, "37", {"statut": "aucun"}, operator(None), None)  # (demo data: signed as such)
    assert registry.history(engine)["author"].iloc[0].endswith("(ligne de commande) <"
                                                                + rights.operator().email + ">")


# --------------------------------------------------------------------------- exports


def export_rows(engine, user, fmt: str = "csv", **kw) -> pd.DataFrame:
    data = registry_io.export_bytes(engine, fmt, user, **kw)
    if fmt == "xlsx":
        return pd.read_excel(io.BytesIO(data), sheet_name="Animateurs", dtype=str).fillna("")
    return pd.read_csv(io.BytesIO(data), sep=";", dtype=str, encoding="utf-8-sig").fillna("")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_readers_export_has_no_personal_column_nor_value(filled, fmt):
    for user in (READER, rights.ANONYMOUS):
        rows = export_rows(filled, user, fmt)
        assert not set(PERSONAL_FIELDS) & set(rows.columns)
        raw = registry_io.export_bytes(filled, fmt, user)
        text = raw.decode("utf-8-sig") if fmt == "csv" else " ".join(
            str(c.value) for sheet in openpyxl.load_workbook(io.BytesIO(raw)).worksheets
            for row in sheet.iter_rows() for c in row)
        assert not [v for v in PERSONAL_VALUES if v in text]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_prefectures_export_has_its_own_personal_values_only(filled, fmt):
    rows = export_rows(filled, PREF_37, fmt).set_index("departement")
    assert list(rows.columns[-3:]) == list(PERSONAL_FIELDS)
    assert rows.loc["37", list(PERSONAL_FIELDS)].tolist() == list(PERSONAL_37.values())
    assert (rows.drop(index="37")[list(PERSONAL_FIELDS)] == "").all().all()
    assert rows.loc["41", "statut"] == "mi-temps"  # the public columns of every département


def test_an_administrators_export_has_every_personal_value_on_request(filled):
    rows = export_rows(filled, ADMIN_USER).set_index("departement")
    assert rows.loc["41", "animateur_email"] == PERSONAL_41["animateur_email"]
    assert rows.loc["37", "animateur_nom"] == PERSONAL_37["animateur_nom"]
    assert not set(PERSONAL_FIELDS) & set(export_rows(filled, ADMIN_USER, personal=False).columns)


def test_the_import_preview_masks_what_the_user_may_not_see(filled):
    parsed = parsed_file("departement;statut;animateur_nom\n37;temps plein;Nouveau Nom\n41;mi-temps;Autre Nom\n")
    for user, shown in ((ADMIN_USER, {"37", "41"}), (PREF_37, {"37"}), (READER, set())):
        preview = registry_io.preview(filled, parsed, user).set_index("departement")
        for code, before in (("37", PERSONAL_37), ("41", PERSONAL_41)):
            row = preview.loc[code]
            assert row["champ"] == "Nom de l'animateur"
            if code in shown:
                assert row["avant"] == before["animateur_nom"] and row["après"] != "(masqué)"
            else:
                assert (row["avant"], row["après"]) == ("(masqué)", "(masqué)")


# --------------------------------------------------------------------------- history


def test_the_history_shown_to_a_reader_has_no_personal_field_rows(filled):
    history = registry.history(filled)
    assert set(history["field"]) & set(PERSONAL_FIELDS)  # there are some
    shown = rights.visible_history(READER, history)
    assert not set(shown["field"]) & set(PERSONAL_FIELDS)
    assert set(shown["field"]) == {"statut", "etp", "date_effet"}
    assert not [v for v in PERSONAL_VALUES if v in shown.to_string()]
    mine = rights.visible_history(PREF_37, history)
    assert set(mine[mine["field"].isin(PERSONAL_FIELDS)]["departement"]) == {"37"}
    assert len(rights.visible_history(ADMIN_USER, history)) == len(history)


def test_the_departement_page_shows_a_reader_neither_personal_data_nor_editors(filled):

    record = registry.get_record(filled, "37")
    for user in (READER, rights.ANONYMOUS, User("pref41@test.fr", PREFECTURE, frozenset({"41"}))):
        shown = rights.visible_record(user, record)
        assert all(shown[f] == "" for f in PERSONAL_FIELDS)
        assert shown["updated_by"] == "(masqué)"
        assert shown["statut"] == "temps plein"
    assert rights.visible_record(PREF_37, record) == record


# --------------------------------------------------------------------------- errors and logs


def test_error_texts_carry_no_personal_values(filled):
    with pytest.raises(record_values.RecordError) as invalid:
        registry.update_record(filled, "37", {"animateur_email": "camille@@martin"}, PREF_37, None)
    assert "camille@@martin" in invalid.value.errors["animateur_email"]  # for the field, on the page
    assert "camille@@martin" not in str(invalid.value) and "(masqué)" in str(invalid.value)
    parsed = statuses_file.read_statuses(b"departement;statut;animateur_email\n37;aucun;camille@@martin\n", "r.csv")
    assert not parsed.ok and "camille@@martin" not in " ".join(str(p) for p in parsed.errors)
    with pytest.raises(record_values.RecordError) as many:
        registry.apply_many(filled, {"41": {"animateur_email": "dominique@@blois"}}, ADMIN_USER, "import")
    assert "dominique@@blois" not in str(many.value)
    version = registry.get_record(filled, "37")["version"]
    registry.update_record(filled, "37", {"animateur_telephone": "06 00 00 00 00"}, ADMIN_USER, version)
    with pytest.raises(registry.ConcurrentEditError) as conflict:
        registry.update_record(filled, "37", {"commentaire": "x"}, PREF_37, version)
    assert "06 00 00 00 00" not in str(conflict.value)
    assert "Téléphone de l'animateur" in str(conflict.value)
    with pytest.raises(AccessDenied) as refused:
        registry.update_record(filled, "41", {"animateur_nom": "Quelqu'un"}, PREF_37, None)
    assert "Quelqu'un" not in str(refused.value)


def test_logs_carry_no_personal_values(engine, caplog):
    caplog.set_level(logging.DEBUG)
    site_imports.ensure_initial_version(engine, REAL_SITES)
    site_imports.import_candidate(engine, site_imports.prepare(engine, MODIFIED_BYTES, "m.csv"),
                                   source=site_versions.SOURCE_UPLOAD, user=ADMIN_USER)
    registry.update_record(engine, "37", PERSONAL_37, ADMIN_USER, None)
    registry.update_record(engine, "41", PERSONAL_41, ADMIN_USER, None)
    registry_io.import_statuses(engine, parsed_file(
        "departement;statut;animateur_nom\n37;mi-temps;Camille Martin\n"), ADMIN_USER)
    registry_io.export_bytes(engine, "xlsx", ADMIN_USER)
    scenarios.save_scenario(engine, "Référence", Assumptions(), ADMIN_USER)
    with pytest.raises(AccessDenied):
        registry.update_record(engine, "41", {"animateur_nom": "Intrus"}, PREF_37, None)
    assert caplog.records  # something was logged (scenario, site list)
    assert not [v for v in [*PERSONAL_VALUES, "Intrus"] if v in caplog.text]


@pytest.fixture
def paris_clock(monkeypatch):
    """This process on Paris time (TZ=Europe/Paris, time.tzset): a local clock taken for UTC is then
    one or two hours off, which a machine already on UTC would never show."""
    monkeypatch.setenv("TZ", "Europe/Paris")
    time.tzset()
    assert time.localtime().tm_gmtoff in (3600, 7200)
    yield
    monkeypatch.undo()
    time.tzset()


def test_refusals_are_timestamped_in_utc(filled, paris_clock):
    with pytest.raises(AccessDenied):
        demo.load_demo(filled, PREF_37)
    moment = accounts.refusals(filled)["refused_at"].iloc[0]
    moment = moment.to_pydatetime() if hasattr(moment, "to_pydatetime") else moment
    assert abs((moment.replace(tzinfo=moment.tzinfo or UTC) - datetime.now(UTC)).total_seconds()) < 60
