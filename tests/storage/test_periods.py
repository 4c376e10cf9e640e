"""The registry's time axis in the database (storage/periods and the registry's
period writes): reading at a date, period rules, history, concurrency, rights."""

from datetime import date, timedelta

import pandas as pd
import pytest

from fsdash.inputs.record_values import RecordError
from fsdash.storage import periods, registry, rights
from fsdash.storage.periods import PeriodConflictError
from fsdash.storage.registry import ConcurrentEditError
from fsdash.storage.rights import ADMIN, PREFECTURE, User

PREF_37 = User("pref@indre-et-loire.gouv.fr", PREFECTURE, frozenset({"37"}), name="Préfecture 37")
PREF_41 = User("pref@loir-et-cher.gouv.fr", PREFECTURE, frozenset({"41"}), name="Préfecture 41")
ANCT = User("equipe@anct.gouv.fr", ADMIN, name="ANCT")


def timeline(engine, code="37") -> list[tuple]:
    return [(p["date_effet"], p["statut"]) for p in periods.periods(engine, code).to_dict("records")]


def test_a_fresh_registry_has_no_period_and_reads_unknown_on_any_day(engine):
    assert periods.periods(engine).empty
    frame = registry.records_at(engine, date(2023, 6, 30))
    assert len(frame) == 102 and set(frame["statut"]) == {"non renseigné"}
    assert frame["periode_id"].isna().all() and (frame["etp"] == 0).all()


def test_periods_are_read_at_any_date(engine):
    registry.add_period(engine, "37", None, {"statut": "aucun"}, ANCT)
    registry.add_period(engine, "37", date(2022, 9, 1), {"statut": "mi-temps", "financement_annuel": 25000}, ANCT)
    registry.add_period(engine, "37", date(2024, 1, 1), {"statut": "temps plein", "financement_annuel": "50 000",
                                                         "date_convention": "2023-12-15"}, ANCT)
    assert timeline(engine) == [(None, "aucun"), (date(2022, 9, 1), "mi-temps"), (date(2024, 1, 1), "temps plein")]
    at = {day: registry.records_at(engine, day).set_index("departement").loc["37"]
          for day in (date(2019, 1, 1), date(2022, 8, 31), date(2022, 9, 1), date(2024, 6, 1))}
    assert at[date(2019, 1, 1)]["statut"] == "aucun"  # unknown start: in force before any date
    assert at[date(2022, 8, 31)]["statut"] == "aucun"
    assert (at[date(2022, 9, 1)]["statut"], at[date(2022, 9, 1)]["etp"]) == ("mi-temps", 0.5)
    june = at[date(2024, 6, 1)]
    assert (june["statut"], june["etp"], june["financement_annuel"]) == ("temps plein", 1.0, 50000.0)
    assert june["date_debut"] == date(2024, 1, 1) and june["date_convention"] == date(2023, 12, 15)
    assert registry.all_records(engine).set_index("departement").at["37", "statut"] == "temps plein"
    listed = periods.periods(engine)
    assert list(listed.columns)[:8] == ["departement", "date_effet", "statut", "etp", "structure_porteuse",
                                        "type_structure", "date_convention", "financement_annuel"]
    assert {"id", "version", "recorded_at", "recorded_by"} <= set(listed.columns)
    assert set(listed["recorded_by"]) == {ANCT.label}


def test_one_record_read_alone_equals_its_row_in_the_whole_registry(engine):
    """``get_record`` (the département page's form, every run) reads one territory's rows
    only: what it gives equals that territory's row of the whole registry, on every day of
    the demo timeline and for a territory without any period."""
    from fsdash.storage import demo

    demo.load_demo(engine, rights.operator("test"))
    registry.add_period(engine, "37", date(2025, 3, 1), {"statut": "mi-temps", "financement_annuel": 30_000}, ANCT)
    for day in (date(2019, 6, 1), date(2023, 6, 30), date(2024, 1, 1), date(2025, 4, 1)):
        whole = registry.records_at(engine, day).set_index("departement")
        for code in ("37", "23", "976", "2A"):
            alone = periods.records_at(engine, day, code)
            assert len(alone) == 1 and alone.at[0, "departement"] == code
            expected = whole.loc[code].to_dict()
            got = alone.set_index("departement").loc[code].to_dict()
            assert got.keys() == expected.keys()
            for column, value in expected.items():
                assert (pd.isna(value) and pd.isna(got[column])) if pd.api.types.is_scalar(value) and \
                    pd.isna(value) else got[column] == value, (day, code, column)
    assert registry.get_record(engine, "37", date(2025, 4, 1))["statut"] == "mi-temps"


def test_same_start_replaces_and_history_names_the_period(engine):
    registry.add_period(engine, "37", date(2023, 3, 1), {"statut": "mi-temps"}, ANCT)
    registry.add_period(engine, "37", date(2023, 3, 1), {"statut": "temps plein"}, PREF_37)
    assert timeline(engine) == [(date(2023, 3, 1), "temps plein")]
    history = registry.history(engine, "37")
    replaced = history[history["action"] == "période remplacée"].set_index("field")
    assert (replaced.at["statut", "before"], replaced.at["statut", "after"]) == ("mi-temps", "temps plein")
    assert set(replaced["date_effet"]) == {date(2023, 3, 1)} and set(replaced["author"]) == {PREF_37.label}


def test_a_period_repeating_the_one_in_force_adds_nothing(engine):
    registry.add_period(engine, "37", date(2023, 3, 1), {"statut": "mi-temps"}, ANCT)
    version = registry.get_record(engine, "37")["version"]
    registry.add_period(engine, "37", date(2023, 9, 1), {"statut": "mi-temps"}, ANCT)
    assert timeline(engine) == [(date(2023, 3, 1), "mi-temps")]
    assert registry.get_record(engine, "37")["version"] == version


def test_correct_and_move_a_past_period_but_never_onto_another(engine):
    registry.add_period(engine, "37", date(2022, 9, 1), {"statut": "mi-temps"}, ANCT)
    registry.add_period(engine, "37", date(2024, 1, 1), {"statut": "temps plein"}, ANCT)
    first = periods.periods(engine, "37").iloc[0]
    registry.correct_period(engine, int(first["id"]), {"statut": "mi-temps", "financement_annuel": 25000}, PREF_37,
                            int(first["version"]), date_effet=date(2022, 10, 3))
    assert timeline(engine) == [(date(2022, 10, 3), "mi-temps"), (date(2024, 1, 1), "temps plein")]
    corrected = registry.history(engine, "37")
    corrected = corrected[corrected["action"] == "période corrigée"].set_index("field")
    assert (corrected.at["date_effet", "before"], corrected.at["date_effet", "after"]) == ("2022-09-01",
                                                                                           "2022-10-03")
    assert corrected.at["financement_annuel", "after"] == "25000"
    moved = periods.periods(engine, "37").iloc[0]
    with pytest.raises(RecordError) as refused:
        registry.correct_period(engine, int(moved["id"]), {}, ANCT, int(moved["version"]),
                                date_effet=date(2024, 1, 1))
    assert "une autre période commence déjà le 01/01/2024" in refused.value.errors["date_effet"]
    assert timeline(engine) == [(date(2022, 10, 3), "mi-temps"), (date(2024, 1, 1), "temps plein")]


def test_delete_a_period_with_its_history(engine):
    registry.add_period(engine, "37", date(2022, 9, 1), {"statut": "mi-temps"}, ANCT)
    registry.add_period(engine, "37", date(2025, 2, 1), {"statut": "recrutement en cours"}, ANCT)
    vacancy = periods.periods(engine, "37").iloc[1]
    removed = registry.delete_period(engine, int(vacancy["id"]), PREF_37, int(vacancy["version"]))
    assert removed["statut"] == "recrutement en cours"
    assert timeline(engine) == [(date(2022, 9, 1), "mi-temps")]
    rows = registry.history(engine, "37")
    rows = rows[rows["action"] == "période supprimée"].set_index("field")
    assert rows.at["statut", "before"] == "recrutement en cours" and pd.isna(rows.at["statut", "after"])
    assert set(rows["date_effet"]) == {date(2025, 2, 1)} and set(rows["author"]) == {PREF_37.label}


def test_at_most_one_unknown_start(engine):
    registry.add_period(engine, "37", None, {"statut": "aucun"}, ANCT)
    registry.add_period(engine, "37", None, {"statut": "mi-temps"}, ANCT)  # replaces it
    assert timeline(engine) == [(None, "mi-temps")]


@pytest.mark.parametrize(("start", "message"), [
    (date(2018, 12, 31), "postérieure au 01/01/2019"),
    (periods.today() + timedelta(days=800), "ne peut pas dépasser"),
])
def test_dates_out_of_range_are_refused_naming_the_field(engine, start, message):
    with pytest.raises(RecordError) as refused:
        registry.add_period(engine, "37", start, {"statut": "aucun"}, ANCT)
    assert message in refused.value.errors["date_effet"]
    with pytest.raises(RecordError) as refused:
        registry.add_period(engine, "37", date(2024, 1, 1), {"statut": "temps plein",
                                                             "date_convention": date(2041, 2, 15)}, ANCT)
    assert "hors de la période admise" in refused.value.errors["date_convention"]
    assert periods.periods(engine).empty and registry.history(engine).empty


def test_a_planned_period_is_stored_and_not_yet_in_force(engine):
    later = periods.today() + timedelta(days=90)
    registry.add_period(engine, "37", later, {"statut": "temps plein"}, ANCT)
    assert registry.get_record(engine, "37")["statut"] == "non renseigné"
    assert registry.records_at(engine, later).set_index("departement").at["37", "statut"] == "temps plein"


def test_period_versions_are_checked(engine):
    registry.add_period(engine, "37", date(2023, 3, 1), {"statut": "mi-temps"}, ANCT)
    period = periods.periods(engine, "37").iloc[0]
    pid, version = int(period["id"]), int(period["version"])
    registry.correct_period(engine, pid, {"statut": "temps plein"}, ANCT, version)
    with pytest.raises(PeriodConflictError) as refused:
        registry.correct_period(engine, pid, {"statut": "aucun"}, PREF_37, version)
    assert "modifiée ou supprimée par quelqu'un d'autre" in str(refused.value)
    with pytest.raises(PeriodConflictError):
        registry.delete_period(engine, pid, PREF_37, version)
    with pytest.raises(PeriodConflictError):  # someone added a period on that date meanwhile
        registry.add_period(engine, "37", date(2023, 3, 1), {"statut": "aucun"}, PREF_37, period_version=0)
    assert timeline(engine) == [(date(2023, 3, 1), "temps plein")]


def test_the_record_version_covers_its_periods(engine):
    loaded = registry.get_record(engine, "37")["version"]
    registry.add_period(engine, "37", date(2023, 3, 1), {"statut": "mi-temps"}, ANCT)
    with pytest.raises(ConcurrentEditError):
        registry.update_record(engine, "37", {"statut": "aucun"}, PREF_37, loaded, date_effet=date(2023, 6, 1))
    period = periods.periods(engine, "37").iloc[0]
    with pytest.raises(ConcurrentEditError):
        registry.delete_period(engine, int(period["id"]), PREF_37, None, expected_version=loaded)
    assert timeline(engine) == [(date(2023, 3, 1), "mi-temps")]


def test_rights_are_checked_for_every_period_write(engine):
    registry.add_period(engine, "37", date(2023, 3, 1), {"statut": "mi-temps"}, ANCT)
    period = periods.periods(engine, "37").iloc[0]
    pid, version = int(period["id"]), int(period["version"])
    for write in (lambda: registry.add_period(engine, "37", date(2024, 1, 1), {"statut": "aucun"}, PREF_41),
                  lambda: registry.correct_period(engine, pid, {"statut": "aucun"}, PREF_41, version),
                  lambda: registry.delete_period(engine, pid, PREF_41, version),
                  lambda: registry.delete_period(engine, pid, rights.ANONYMOUS, version)):
        with pytest.raises(rights.AccessDenied):
            write()
    assert timeline(engine) == [(date(2023, 3, 1), "mi-temps")]


def test_data_version_moves_with_every_period_change(engine):
    seen = {registry.data_version(engine)}
    registry.add_period(engine, "37", date(2023, 3, 1), {"statut": "mi-temps"}, ANCT)
    seen.add(registry.data_version(engine))
    period = periods.periods(engine, "37").iloc[0]
    registry.correct_period(engine, int(period["id"]), {"statut": "temps plein"}, ANCT, int(period["version"]))
    seen.add(registry.data_version(engine))
    registry.delete_period(engine, int(period["id"]), ANCT, None)
    seen.add(registry.data_version(engine))
    assert len(seen) == 4


def test_record_level_fields_stay_on_the_record_whatever_the_date(engine):
    registry.update_record(engine, "37", {"statut": "mi-temps", "commentaire": "Poste partagé",
                                          "animateur_telephone": "+33 2 47 00 00 00"}, PREF_37, None,
                           date_effet=date(2023, 3, 1))
    for day in (date(2020, 1, 1), date(2023, 3, 1)):
        record = registry.records_at(engine, day).set_index("departement").loc["37"]
        assert record["commentaire"] == "Poste partagé" and record["animateur_telephone"] == "+33 2 47 00 00 00"
    history = registry.history(engine, "37").set_index("field")
    assert history.at["commentaire", "date_effet"] is None and history.at["statut", "date_effet"] == date(2023, 3, 1)


def test_two_saves_racing_for_the_same_start_give_a_french_conflict(engine, monkeypatch):
    """The unique (departement, date_effet) constraint catches what the check before
    the insert cannot see (another process inserting in between)."""
    registry.add_period(engine, "37", date(2023, 3, 1), {"statut": "mi-temps"}, ANCT)
    monkeypatch.setattr(periods, "period_rows", lambda conn, code: [])  # this save did not see it
    with pytest.raises(PeriodConflictError) as refused:
        registry.add_period(engine, "37", date(2023, 3, 1), {"statut": "temps plein"}, PREF_37)
    assert "période du 01/03/2023 du département 37" in str(refused.value)
    monkeypatch.undo()
    assert timeline(engine) == [(date(2023, 3, 1), "mi-temps")]
