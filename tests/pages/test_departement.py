"""The département page through Streamlit's AppTest, on the real data files.

AppTest sees what the map element receives, not the painted map (see
test_departement_browser.py for that); everything else is checked here: deep
links, the selector, the card, the table, the figures, editing, and who may edit
and see what (signed-in users simulated with ``at.user``).
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from fsdash.domain.territories import DEPARTEMENTS, normalize
from fsdash.storage import accounts, registry
from fsdash.storage import periods as period_store
from fsdash.storage.engine import make_engine
from fsdash.storage.rights import ADMIN, PREFECTURE, User
from tests.conftest import PROJECT_ROOT, REAL_CONTOURS, REAL_SITES, SHARED_DATA
from tests.support.html_tables import html_figures, html_table_with, html_tables

PAGE = str(PROJECT_ROOT / "pages" / "departement.py")
ROOT = User("root@test.fr", ADMIN)
PREF_37 = ("pref37@test.fr", "Préfecture 37")
PREF_37_LABEL = "Préfecture 37 <pref37@test.fr>"
ANCT = User("anct@test.fr", ADMIN, name="ANCT")


def real_count(code: str) -> int:
    with open(REAL_SITES, encoding="utf-8", newline="") as f:
        return sum(1 for row in csv.DictReader(f) if row["insee_dep"] == code)


@pytest.fixture
def db_url(monkeypatch, database_url) -> str:
    url = database_url
    monkeypatch.setenv("FSDASH_DATA_DIR", str(SHARED_DATA))
    monkeypatch.setenv("FSDASH_DATABASE_URL", url)
    monkeypatch.setenv("FSDASH_TILES_URL", "")
    return url


@pytest.fixture
def db(db_url):
    engine = make_engine(db_url)
    # The prefecture of Indre-et-Loire has an account for the 37.
    accounts.grant(engine, ROOT, PREF_37[0], PREFECTURE, ["37"])
    yield engine
    engine.dispose()


def sign_in(at: AppTest, user: tuple[str, str] | None) -> AppTest:
    """Simulate an OpenID Connect login (``st.user``), or none."""
    if user is not None:
        at.user = {"is_logged_in": True, "email": user[0], "name": user[1]}
    return at


def open_page(dep: str | None, user: tuple[str, str] | None = None, edit: bool = False) -> AppTest:
    """The page for ``dep`` as ``user`` (email, name; anonymous reader by default);
    ``edit`` opens the form's expander (built only when open)."""
    at = sign_in(AppTest.from_file(PAGE, default_timeout=30), user)
    if dep is not None:
        at.query_params["dep"] = dep
    if edit and dep is not None:
        at.session_state[f"fiche-{dep}-ouverte"] = True
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def plain(text: str) -> str:
    """Markdown text without its escapes (the page escapes every text from data)."""
    return re.sub(r"\\(.)", r"\1", text)


def errors(at: AppTest) -> str:
    return " ".join(plain(e.value) for e in at.error)


def sites_frame(at: AppTest):
    """The sites table: the HTML table with a « Nom » column."""
    return html_table_with(at, "Nom")


def card_text(at: AppTest) -> str:
    return plain(next(m.value for m in at.markdown if "**Statut**" in m.value))


def submit(at: AppTest) -> AppTest:
    next(b for b in at.button if b.label == "Enregistrer").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


FORM = "fiche-{code}-0-"


# --------------------------------------------------------------------------- deep links


@pytest.mark.parametrize("code,title", [
    ("37", "Indre-et-Loire (37)"),
    ("2A", "Corse-du-Sud (2A)"),
    ("974", "La Réunion (974)"),
    ("978", "Saint-Martin (978)"),
])
def test_deep_link_shows_the_departement(db_url, code, title):
    at = open_page(code)
    assert at.title[0].value == title
    assert at.query_params["dep"] == code
    assert at.selectbox(key="departement-choix").value == code
    table = sites_frame(at)
    assert len(table) == real_count(code) > 0
    assert html_figures(at)[0]["value"] == str(real_count(code))
    assert "**Statut** : non renseigné" in card_text(at)
    assert [b.label for b in at.get("download_button")] == [
        "Tableau des sites (CSV)", "Tableau des sites (XLSX)", "Fiche du département (PDF)"]
    assert not at.error


@pytest.mark.parametrize("typed,code", [("2a", "2A"), ("indre", "36"), ("Réunion", "974"), ("reunion", "974"),
                                        ("7", "07")])
def test_url_accepts_codes_and_names_and_becomes_canonical(db_url, typed, code):
    at = open_page(typed)
    assert at.query_params["dep"] == code
    assert at.title[0].value.endswith(f"({code})")


def test_unknown_code_gets_a_french_message_and_the_selector(db_url):
    at = open_page("99")
    assert "Aucun département ne correspond à « 99 »" in errors(at)
    assert at.selectbox(key="departement-choix").value is None
    assert not html_tables(at)
    # Choosing one from there puts it in the URL.
    at.selectbox(key="departement-choix").set_value("37").run()
    assert at.query_params["dep"] == "37"
    assert at.title[0].value == "Indre-et-Loire (37)"
    assert not at.error


def test_ambiguous_name_lists_the_candidates(db_url):
    at = open_page("haute")
    assert "Plusieurs départements correspondent à « haute »" in errors(at)
    assert "2B – Haute-Corse" in errors(at)


def test_without_parameter_the_page_asks_for_a_departement(db_url):
    at = open_page(None)
    assert "Choisissez un département" in at.info[0].value
    assert not at.error


def test_selector_changes_the_url_and_the_page(db_url):
    at = open_page("37")
    at.selectbox(key="departement-choix").set_value("2B").run()
    assert at.query_params["dep"] == "2B"
    assert at.title[0].value == "Haute-Corse (2B)"
    assert len(sites_frame(at)) == real_count("2B")


def test_saint_martin_without_contour(db_url, monkeypatch, tmp_path):
    """A contours file without 978: the page still lists and counts its sites."""
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / REAL_SITES.name).symlink_to(REAL_SITES)
    document = json.loads(REAL_CONTOURS.read_bytes())
    document["features"] = [f for f in document["features"] if f["properties"]["code"] != "978"]
    (folder / REAL_CONTOURS.name).write_text(json.dumps(document), encoding="utf-8")
    monkeypatch.setenv("FSDASH_DATA_DIR", str(folder))
    at = open_page("978")
    assert at.title[0].value == "Saint-Martin (978)"
    assert len(sites_frame(at)) == real_count("978") == 2
    assert any("Pas de contour pour ce territoire" in c.value for c in at.caption)


def test_quality_warning_on_the_affected_rows(db_url):
    """The 27 has a site more than 2 km outside its contour (1,000 m file): flagged on its row."""
    at = open_page("27")
    assert "ont des données à vérifier" in at.warning[0].value
    table = sites_frame(at)
    flagged = table[table["Alerte qualité"] != ""]
    assert "1820" in set(flagged["Identifiant"])
    assert "hors du contour" in flagged.set_index("Identifiant").loc["1820", "Alerte qualité"]
    assert table.attrs["warn"] == list(table["Alerte qualité"] != "")  # the row itself is highlighted
    assert list(table.columns[:2]) == ["Nom", "Alerte qualité"]  # the warning beside the name


def test_a_prefecture_sees_its_own_sites_problems_and_who_corrects_them(db_url):
    """Haute-Vienne's problems as the data page's checks find them, derived here from the file
    itself: « 00:00 - 00:00 » hours, and a site without any opening hours."""
    hours = ("h_lundi", "h_mardi", "h_mercredi", "h_jeudi", "h_vendredi", "h_samedi")
    with open(REAL_SITES, encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["insee_dep"] == "87"]
    zero = {r["id_fs"] for r in rows if any("00:00 - 00:00" in r[h] for h in hours)}
    none = {r["id_fs"] for r in rows if all(not r[h].strip() for h in hours)}
    assert len(zero) == 2 and len(none) == 1  # Le Dorat, Limoges-Nord; a bus
    at = open_page("87")
    warning = at.warning[0].value.replace("\\-", "-")  # markdown-escaped name
    assert "3 site(s) de Haute-Vienne ont des données à vérifier" in warning
    assert "publiée par l'ANCT" in warning and "donnees?qualite=87" in warning  # who corrects, and where
    table = sites_frame(at).set_index("Identifiant")
    assert set(table.index[table["Alerte qualité"] != ""]) == zero | none
    assert all("00:00 - 00:00" in table.loc[i, "Alerte qualité"] for i in zero)
    assert "Aucun horaire" in table.loc[next(iter(none)), "Alerte qualité"]


def test_search_filters_the_table(db_url):
    at = open_page("37")
    at.text_input(key="recherche-37").input("chateau").run()
    table = sites_frame(at)
    assert 0 < len(table) < real_count("37")
    assert table["Commune"].str.contains("Château").all() or table["Nom"].str.contains("Chat").all()
    # every row shown holds « chateau » in some cell (accents and case aside)
    assert table.astype(str).map(normalize).apply(lambda c: c.str.contains("chateau")).any(axis=1).all()
    assert any("site(s) sur" in c.value and "contiennent" in c.value for c in at.caption)


def test_figures_beside_national_ones(db_url):
    at = open_page("37")
    figures = html_figures(at)
    labels = [f["label"] for f in figures]
    assert labels == ["Sites France services", "Rang pour le nombre de sites", "Part de sites itinérants",
                      "Sites par ETP d'animation"]
    assert figures[1]["value"].endswith("e") or figures[1]["value"] == "1er"
    with open(REAL_SITES, encoding="utf-8", newline="") as f:
        counts = Counter(row["insee_dep"] for row in csv.DictReader(f))
    position = 1 + sum(1 for c in DEPARTEMENTS if counts[c] > counts["37"])  # the rank, counted from the file
    assert figures[1]["value"] == ("1er" if position == 1 else f"{position}e")
    assert figures[1]["note"].startswith("sur 102 territoires")
    assert figures[0]["note"] == "France entière : 2\u202f845"
    table = html_table_with(at, "Indicateur").set_index("Indicateur")
    assert list(table.columns) == ["Indre-et-Loire", "France entière"]
    assert table.loc["Sites France services", "France entière"].startswith("2\u202f845")
    assert table.loc["Sites France services", "Indre-et-Loire"] == str(real_count("37"))


# --------------------------------------------------------------------------- editing


def fill_valid(at: AppTest, code: str = "37") -> None:
    p = FORM.format(code=code)
    at.selectbox(key=p + "statut").set_value("temps plein")
    at.text_input(key=p + "structure_porteuse").input("Conseil départemental d'Indre-et-Loire")
    at.selectbox(key=p + "type_structure").set_value("conseil départemental")
    at.text_input(key=p + "date_convention").input("15/01/2024")
    at.text_input(key=p + "date_effet").input("01/02/2024")
    at.number_input(key=p + "financement_annuel").set_value(50000.0)
    at.text_area(key=p + "commentaire").input("Poste à temps plein depuis février")
    at.text_input(key=p + "animateur_email").input("camille.martin@example.fr")


def test_valid_edit_is_saved_with_its_history(db):
    at = open_page("37", user=PREF_37, edit=True)
    fill_valid(at)
    submit(at)
    assert not at.error
    message = plain(at.success[0].value)  # words a prefecture reads: no « version 2 »
    assert message.startswith("Fiche de l'animateur enregistrée pour Indre-et-Loire (37) le ")
    assert "(situation à partir du 01/02/2024 : temps plein)" in message and "version" not in message
    assert "figurent dans l'historique de la fiche" in message
    saved = registry.get_record(db, "37")
    assert saved["statut"] == "temps plein" and saved["etp"] == 1.0  # ETP follows the status
    assert saved["financement_annuel"] == 50000.0
    assert saved["date_debut"] == date(2024, 2, 1)
    assert saved["animateur_email"] == "camille.martin@example.fr"
    assert saved["updated_by"] == PREF_37_LABEL
    history = registry.history(db, "37")
    assert set(history["field"]) >= {"statut", "etp", "structure_porteuse", "financement_annuel"}
    assert set(history["author"]) == {PREF_37_LABEL}
    # The page shows the saved card and the history; the form starts again from version 2.
    assert "**Statut** : temps plein" in card_text(at)
    assert "50\u202f000\u202f€" in card_text(at)
    assert "par Préfecture 37" in card_text(at)
    changes = html_table_with(at, "Auteur")
    assert "Statut" in set(changes["Champ"]) and set(changes["Auteur"]) == {PREF_37_LABEL}
    assert "Courriel de l'animateur" in set(changes["Champ"])  # its own département: personal rows shown
    assert at.selectbox(key="fiche-37-1-statut").value == "temps plein"


def test_invalid_edit_saves_nothing_and_keeps_the_input(db):
    at = open_page("37", user=PREF_37, edit=True)
    p = FORM.format(code="37")
    at.selectbox(key=p + "statut").set_value("mi-temps")
    at.text_input(key=p + "date_convention").input("01/03/2024")
    at.text_input(key=p + "date_effet").input("01/01/2024")
    at.number_input(key=p + "financement_annuel").set_value(-100.0)
    at.text_input(key=p + "animateur_email").input("pas-un-courriel")
    at.text_input(key=p + "animateur_telephone").input("12 34")
    at.text_input(key=p + "structure_porteuse").input("Mairie de Loches")
    submit(at)
    messages = errors(at)
    assert "ne peut pas être négatif" in messages
    assert "Adresse de courriel invalide « pas-un-courriel »" in messages
    assert "Numéro de téléphone invalide" in messages
    assert registry.get_record(db, "37")["version"] == 1
    assert registry.history(db, "37").empty
    assert not at.success
    # Everything typed is still there.
    assert at.text_input(key=p + "animateur_email").value == "pas-un-courriel"
    assert at.text_input(key=p + "structure_porteuse").value == "Mairie de Loches"
    assert at.number_input(key=p + "financement_annuel").value == -100.0
    assert at.selectbox(key=p + "statut").value == "mi-temps"
    assert at.text_input(key=p + "date_effet").value == "01/01/2024"
    # Correcting the fields then saving works, from the same form.
    at.text_input(key=p + "date_effet").input("01/04/2024")
    at.number_input(key=p + "financement_annuel").set_value(25000.0)
    at.text_input(key=p + "animateur_email").input("loches@example.fr")
    at.text_input(key=p + "animateur_telephone").input("+33 2 47 00 00 00")
    submit(at)
    assert not at.error
    saved = registry.get_record(db, "37")
    assert (saved["version"], saved["statut"], saved["etp"]) == (2, "mi-temps", 0.5)
    assert saved["structure_porteuse"] == "Mairie de Loches" and saved["date_debut"] == date(2024, 4, 1)


def test_etp_follows_the_status_at_once(db):
    at = open_page("37", user=PREF_37, edit=True)
    p = FORM.format(code="37")

    def etp() -> str:
        return next(t for t in at.text_input if t.label.startswith("ETP")).value

    assert etp() == "0"
    at.selectbox(key=p + "statut").set_value("temps plein").run()
    assert etp() == "1"
    at.selectbox(key=p + "statut").set_value("mi-temps").run()
    assert etp() == "0,5"
    assert registry.get_record(db, "37")["version"] == 1  # nothing saved by choosing


def test_a_reader_gets_no_form_even_with_the_session_state_of_one(db):
    """An anonymous reader: no form, whatever the session state says (the form's
    expander key set open, its values set), and nothing written."""
    at = AppTest.from_file(PAGE, default_timeout=30)
    at.query_params["dep"] = "37"
    p = FORM.format(code="37")
    at.session_state["fiche-37-ouverte"] = True
    at.session_state[p + "loaded"] = registry.get_record(db, "37")
    at.session_state[p + "statut"] = "temps plein"
    at.session_state[p + "structure_porteuse"] = "Mairie de Loches"
    at.run()
    assert not at.exception
    assert not [b for b in at.button if b.label == "Enregistrer"]
    assert not any(str(t.key).startswith(p) for t in at.text_input)
    assert any("Modification de la fiche de l'animateur : réservé" in c.value for c in at.caption)
    assert registry.get_record(db, "37")["version"] == 1 and registry.history(db).empty


def test_a_prefecture_edits_its_own_departement_only(db):
    at = open_page("41", user=PREF_37, edit=True)
    assert not [b for b in at.button if b.label == "Enregistrer"]
    assert "Nom de l'animateur" not in card_text(at)
    own = open_page("37", user=PREF_37, edit=True)
    assert [b for b in own.button if b.label == "Enregistrer"]


def test_rights_are_checked_at_save_time(db):
    """The form was opened with the right; the account is revoked before the click:
    the save is refused (fsdash checks), said so, recorded, and nothing is written."""
    at = open_page("37", user=PREF_37, edit=True)
    p = FORM.format(code="37")
    at.text_input(key=p + "structure_porteuse").input("Mairie de Loches")
    accounts.revoke(db, ROOT, PREF_37[0])  # now an ordinary reader
    submit(at)
    assert "Action refusée : modifier la fiche de l'animateur (37)" in errors(at)
    assert "Rien n'a été enregistré" in errors(at)
    assert registry.get_record(db, "37")["version"] == 1 and registry.history(db).empty
    refused = accounts.refusals(db)
    assert refused[["email", "action", "target"]].values.tolist() == [
        [PREF_37[0], "modifier la fiche de l'animateur", "37"]]
    assert not [b for b in at.button if b.label == "Enregistrer"]  # and the form is gone


def test_concurrent_edit_is_refused_with_what_changed(db):
    at = open_page("37", user=PREF_37, edit=True)
    p = FORM.format(code="37")
    # Someone else saves after this form was loaded (version 1).
    registry.update_record(db, "37", {"statut": "recrutement en cours", "commentaire": "Jury le 12 mars"},
                           ANCT, expected_version=1)
    at.selectbox(key=p + "statut").set_value("mi-temps")
    at.text_input(key=p + "structure_porteuse").input("Mairie de Loches")
    submit(at)
    messages = errors(at)
    assert "Enregistrement refusé" in messages and "ANCT" in messages
    changed = html_table_with(at, "Valeur enregistrée entre-temps")
    assert dict(zip(changed["Champ"], changed["Valeur enregistrée entre-temps"])) == {
        "Statut": "recrutement en cours", "Commentaire": "Jury le 12 mars",
        "À partir du": f"{period_store.today():%d/%m/%Y}"}
    saved = registry.get_record(db, "37")
    assert (saved["version"], saved["statut"], saved["structure_porteuse"]) == (2, "recrutement en cours", "")
    assert at.text_input(key=p + "structure_porteuse").value == "Mairie de Loches"  # not lost
    # Reloading starts a form from version 2, and a save then goes through.
    next(b for b in at.button if b.key == "recharger-37").click().run()
    q = "fiche-37-1-"
    assert at.selectbox(key=q + "statut").value == "recrutement en cours"
    at.text_input(key=q + "structure_porteuse").input("Mairie de Loches")
    submit(at)
    saved = registry.get_record(db, "37")
    assert (saved["version"], saved["structure_porteuse"], saved["commentaire"]) == (3, "Mairie de Loches",
                                                                                    "Jury le 12 mars")


def test_personal_data_only_with_permission(db):
    registry.update_record(db, "37", {"statut": "temps plein", "animateur_nom": "Camille Martin",
                                      "animateur_telephone": "02 47 00 00 00"}, ANCT, expected_version=1)
    for who in (None, ("lecteur@example.fr", "Lecteur"), PREF_37):
        at = open_page("37", user=who, edit=True)
        history = html_table_with(at, "Auteur")
        if who is PREF_37:
            assert "Camille Martin" in card_text(at)
            assert at.text_input(key="fiche-37-0-animateur_nom").value == "Camille Martin"
            assert {"Nom de l'animateur", "Téléphone de l'animateur"} <= set(history["Champ"])
            assert set(history["Auteur"]) == {"ANCT <anct@test.fr>"}
            continue
        assert "Camille Martin" not in card_text(at) and "02 47" not in card_text(at)
        assert "ANCT" not in card_text(at)  # the last editor is masked too
        # The history keeps the public changes, without the personal fields' rows nor their authors.
        assert set(history["Champ"]) == {"Statut", "ETP", "À partir du"}
        assert set(history["Auteur"]) == {"(masqué)"}
        assert "Camille Martin" not in history.to_string()
        assert not any(t.key == "fiche-37-0-animateur_nom" for t in at.text_input)


def test_edit_form_is_built_only_when_opened(db):
    at = open_page("37", user=PREF_37)
    assert not any(str(t.key).startswith("fiche-37-0-") for t in at.text_input)
    assert any(e.label == "Modifier la fiche de l'animateur" for e in at.expander)
    at.session_state["fiche-37-ouverte"] = True
    at.run()
    assert at.text_input(key="fiche-37-0-structure_porteuse").value == ""
    # What was submitted (here refused: negative amount) survives closing and reopening the form.
    at.text_input(key="fiche-37-0-structure_porteuse").input("Mairie de Loches")
    at.number_input(key="fiche-37-0-financement_annuel").set_value(-1.0)
    submit(at)
    assert "ne peut pas être négatif" in errors(at)
    at.session_state["fiche-37-ouverte"] = False
    at.run()
    assert not any(str(t.key).startswith("fiche-37-0-") for t in at.text_input)
    at.session_state["fiche-37-ouverte"] = True
    at.run()
    assert at.text_input(key="fiche-37-0-structure_porteuse").value == "Mairie de Loches"


def test_markup_in_the_url_stays_text(db_url):
    at = open_page("[piège](javascript:alert(1)) <b>x</b>")
    message = at.error[0].value
    assert "](javascript" not in message and "<b>" not in message  # escaped: no link, no HTML
    assert "[piège](javascript:alert(1)) <b>x</b>" in plain(message)


def map_data(at: AppTest) -> dict:
    """What the page's map element receives (fsdash.ui.leaflet_map)."""
    element = next(e for e in at.main if getattr(e, "type", "") == "bidi_component")
    return json.loads(element.proto.json)


def test_another_departement_sends_only_its_focus_and_bounds(db):
    """The map's files are the national ones (published once); choosing another
    département sends its focus, bounds and sites filter, a few kilobytes."""
    from fsdash.inputs.contours import bounds, load_contours

    at = open_page("37")
    first = map_data(at)
    assert first["focus"] == "37" and first["shown"] == ["37"] and first["sites"]["deps"] == ["37"]
    assert first["legend"]["items"][0][2] is None  # colours only: one département's counts would mislead
    contours = load_contours(REAL_CONTOURS)
    (south, west), (north, east) = first["fit"]
    (s, w), (n, e) = bounds(contours, "37")
    assert south <= s and west <= w and north >= n and east >= e  # the contour is in view (and its sites)
    at.selectbox(key="departement-choix").set_value("974").run()
    second = map_data(at)
    assert second["focus"] == "974" and second["layers"] == first["layers"]
    assert len(json.dumps(second)) < 12_000


def test_the_form_limits_each_text_to_its_column(db):
    """Issue 12, point 3: the browser stops typing at the column's size (fsdash checks it again)."""
    from fsdash.domain.record_fields import MAX_LENGTHS

    at = open_page("37", user=PREF_37, edit=True)
    p = FORM.format(code="37")
    for field in ("structure_porteuse", "animateur_nom", "animateur_email", "animateur_telephone"):
        assert at.text_input(key=p + field).proto.max_chars == MAX_LENGTHS[field], field
    assert at.text_area(key=p + "commentaire").proto.max_chars == MAX_LENGTHS["commentaire"]


# --------------------------------------------------------------------------- periods (issue 11)


def _timeline(db) -> list[tuple]:
    return [(p["date_effet"], p["statut"]) for p in period_store.periods(db, "37").to_dict("records")]


def test_a_new_situation_from_a_past_date_then_a_correction_and_a_deletion(db):
    registry.add_period(db, "37", date(2022, 9, 1), {"statut": "mi-temps"}, ANCT)
    at = open_page("37", user=PREF_37, edit=True)
    p = FORM.format(code="37")
    assert at.text_input(key=p + "date_effet").value == f"{period_store.today():%d/%m/%Y}"  # today by default
    at.selectbox(key=p + "statut").set_value("temps plein").run()
    at.text_input(key=p + "date_effet").input("01/01/2024")
    submit(at)
    assert not at.error
    assert _timeline(db) == [(date(2022, 9, 1), "mi-temps"), (date(2024, 1, 1), "temps plein")]
    # Correct the first period: its start moves to 03/10/2022.
    q = "fiche-37-1-"
    at.radio(key=q + "mode").set_value("Corriger une période enregistrée").run()
    first = period_store.periods(db, "37").iloc[0]
    at.selectbox(key=q + "periode").set_value(int(first["id"])).run()
    sub = f"{q}p{int(first['id'])}v{int(first['version'])}-"
    assert at.text_input(key=sub + "date_effet").value == "01/09/2022"
    assert at.selectbox(key=sub + "statut").value == "mi-temps"
    at.text_input(key=sub + "date_effet").input("03/10/2022")
    at.number_input(key=sub + "financement_annuel").set_value(25000.0)
    submit(at)
    assert not at.error
    assert "corrigée" in plain(at.success[0].value)
    assert _timeline(db) == [(date(2022, 10, 3), "mi-temps"), (date(2024, 1, 1), "temps plein")]
    assert period_store.periods(db, "37").iloc[0]["financement_annuel"] == 25000.0
    # Delete the second one.
    r = "fiche-37-2-"
    at.radio(key=r + "mode").set_value("Supprimer une période enregistrée").run()
    second = period_store.periods(db, "37").iloc[1]
    at.selectbox(key=r + "periode").set_value(int(second["id"])).run()
    next(b for b in at.button if b.label == "Supprimer cette période").click().run()
    assert "supprimée" in plain(at.success[0].value)
    assert _timeline(db) == [(date(2022, 10, 3), "mi-temps")]
    history = registry.history(db, "37")
    assert {"période ajoutée", "période corrigée", "période supprimée"} <= set(history["action"])


def test_moving_a_period_onto_another_start_is_refused_under_the_date(db):
    registry.add_period(db, "37", date(2022, 9, 1), {"statut": "mi-temps"}, ANCT)
    registry.add_period(db, "37", date(2024, 1, 1), {"statut": "temps plein"}, ANCT)
    at = open_page("37", user=PREF_37, edit=True)
    p = FORM.format(code="37")
    at.radio(key=p + "mode").set_value("Corriger une période enregistrée").run()
    first = period_store.periods(db, "37").iloc[0]
    at.selectbox(key=p + "periode").set_value(int(first["id"])).run()
    sub = f"{p}p{int(first['id'])}v{int(first['version'])}-"
    at.text_input(key=sub + "date_effet").input("01/01/2024")
    submit(at)
    assert "Une autre période commence déjà le 01/01/2024" in errors(at)
    assert _timeline(db) == [(date(2022, 9, 1), "mi-temps"), (date(2024, 1, 1), "temps plein")]


def next_sibling(at: AppTest, key: str):
    """The element drawn right after the widget ``key``, in the same block."""
    def walk(block):
        children = [block.children[i] for i in sorted(block.children)]
        for position, child in enumerate(children):
            if getattr(child, "key", None) == key:
                return children[position + 1] if position + 1 < len(children) else None
            if hasattr(child, "children"):
                found = walk(child)
                if found is not None:
                    return found
        return None
    return walk(at.main)


@pytest.mark.parametrize(("field", "typed", "expected"), [
    ("date_effet", "15/02/2041", "La date d'effet ne peut pas dépasser le "),
    ("date_effet", "31/12/2018", "La date d'effet doit être postérieure au 01/01/2019"),
    ("date_effet", "31/02/2025", "Date illisible « 31/02/2025 » : écrivez-la JJ/MM/AAAA"),
    ("date_effet", "demain", "Date illisible « demain »"),
    ("date_convention", "15/02/2041", "Date hors de la période admise (du 01/01/2019 au "),
    ("date_convention", "31/12/2018", "Date hors de la période admise"),
    ("date_convention", "31/02/2025", "Date illisible « 31/02/2025 »"),
])
def test_a_bad_date_gets_one_french_message_under_its_field_and_nothing_is_saved(db, field, typed, expected):
    # Issue 16, item 1: typed dates are text that fsdash reads, so no date is dropped
    # silently (31/02 is not 28/02) and no English tooltip of a calendar widget appears.
    at = open_page("37", user=PREF_37, edit=True)
    p = FORM.format(code="37")
    at.selectbox(key=p + "statut").set_value("mi-temps")
    at.text_input(key=p + field).input(typed)
    submit(at)
    assert len(at.error) == 1 and expected in plain(at.error[0].value)
    below = next_sibling(at, p + field)
    assert below is not None and expected in plain(below.value)  # under the field at fault
    assert registry.get_record(db, "37")["version"] == 1 and registry.history(db, "37").empty
    assert at.text_input(key=p + field).value == typed  # what was typed stays, to be corrected


def test_the_first_run_sends_the_picture_of_the_fitted_map_it_shows(db):
    """The map's place and its picture come before the selector (``map.map_place``); the picture
    is that of the spec the map element receives, fitted (its container says so to chrome.css)."""
    from fsdash.ui.elements import leaflet_map

    at = open_page("indre-et-loire")  # a name in the address: the same département as the selector's
    pictures = [m.value[4:-1] for m in at.markdown if m.value.startswith("![](app/static/fsdash/apercu-")]
    element = next(e for e in at.main if getattr(e, "type", "") == "bidi_component"
                   and e.proto.component_name == "fsdash.carte")
    spec = {k: v for k, v in json.loads(element.proto.json).items() if k not in ("files", "height")}
    assert spec["focus"] == "37" and spec["fit"]
    assert pictures == [leaflet_map.picture(spec, 480)]
    at.run()  # a rerun of the same view: the same picture (the browser has it; chrome.css hides it)
    assert [m.value[4:-1] for m in at.markdown if m.value.startswith("![](app/static/fsdash/apercu-")] == pictures
    at.query_params["dep"] = "87"
    at.run()  # another département: the map is there and moves, no picture
    assert not at.exception
    assert not [m for m in at.markdown if m.value.startswith("![](app/static/fsdash/apercu-")]
