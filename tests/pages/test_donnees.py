"""AppTest of the data page: upload, difference, confirm, cancel, rollback; the
statuses spreadsheet; the quality panel; provenance; who may do what. Streamlit
1.67's AppTest drives ``st.file_uploader`` directly (``upload``); signed-in users
are simulated with ``at.user``, administrators named in ``FSDASH_ADMINS``."""

from __future__ import annotations

import hashlib
import shutil
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from fsdash.inputs.sites import COLUMNS, read_sites
from fsdash.inputs.spreadsheets import to_xlsx_bytes
from fsdash.storage import accounts, registry, rights, site_imports, site_versions
from fsdash.storage.engine import create_schema, get_engine
from fsdash.ui.common import md as plain
from fsdash.ui.donnees.page import XLSX_MIME
from tests.conftest import PROJECT_ROOT, REAL_CONTOURS, REAL_SITES
from tests.support.html_tables import html_figures
from tests.support.site_lists import modified_real_list

REAL_BYTES = REAL_SITES.read_bytes()
MODIFIED_BYTES, MODIFIED = modified_real_list()
ALICE = ("alice@anct.gouv.fr", "Alice Martin")  # administrators (FSDASH_ADMINS)
BOB = ("bob@anct.gouv.fr", "Bob")
ALICE_LABEL, BOB_LABEL = "Alice Martin <alice@anct.gouv.fr>", "Bob <bob@anct.gouv.fr>"


@pytest.fixture
def env(monkeypatch, page_env):
    monkeypatch.setenv("FSDASH_ADMINS", f"{ALICE[0]},{BOB[0]}")
    engine = get_engine(page_env)  # the engine the page uses (one per URL and process)
    create_schema(engine)  # with PostgreSQL, the fixture dropped the tables an earlier test's engine made
    return engine


def run_page(user: tuple[str, str] | None = None, path: str = "pages/donnees.py") -> AppTest:
    """The page as ``user`` (email, name), or as an anonymous reader."""
    at = AppTest.from_file(str(PROJECT_ROOT / path), default_timeout=90)
    if user is not None:
        at.user = {"is_logged_in": True, "email": user[0], "name": user[1]}
    at.run()
    assert not at.exception, at.exception
    return at


def rerun(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, at.exception
    return at


def metric(at, label) -> str:
    return next(m.value for m in at.metric if m.label == label)


def has_metric(at, label) -> bool:
    return any(m.label == label for m in at.metric)


def sites_uploader(at):
    return next(u for u in at.file_uploader if u.label == "Nouvelle liste des sites (CSV)")


def statuses_uploader(at):
    return next(u for u in at.file_uploader if u.label == "Registre des animateurs (CSV ou XLSX)")


def upload_sites(at, name: str, data: bytes) -> AppTest:
    sites_uploader(at).upload(name, data, "text/csv")
    return rerun(at)


def expanders(at) -> list[str]:
    return [e.label for e in at.expander]


def texts(elements) -> str:
    return " ".join(e.value for e in elements)


def current_id(engine) -> int:
    return site_versions.current_version(engine).id


# --------------------------------------------------------------------------- the page


def test_first_start_shows_version_1_and_the_four_tabs(env):
    at = run_page()
    assert at.title[0].value == "Données"
    assert [t.label for t in at.tabs] == ["Liste des sites", "Registre des animateurs", "Qualité des données",
                                          "Provenance"]
    assert metric(at, "Sites dans la version courante") == "2\u202f845"
    assert metric(at, "Date de l'extrait") == "01/08/2024"
    assert metric(at, "Versions enregistrées") == "1"
    assert "Version courante : n° 1" in texts(at.markdown)
    assert not [t for t in at.text_input if t.key == "author"]  # no « Votre nom »: the signed-in identity signs
    assert current_id(env) == 1 and site_versions.current_version(env).source == site_versions.SOURCE_LOCAL


def test_upload_shows_the_difference_and_changes_nothing_yet(env):
    at = run_page(ALICE)
    at = upload_sites(at, "liste-modifiee.csv", MODIFIED_BYTES)
    assert metric(at, "Sites ajoutés") == "0"
    assert metric(at, "Sites supprimés") == "3"
    assert metric(at, "Sites modifiés") == "3"
    assert metric(at, "Sites inchangés") == "2\u202f839"
    labels = expanders(at)
    assert "Sites supprimés (3)" in labels
    assert "Déplacés de plus de 100 m (2 site(s), 2 champ(s))" in labels
    assert "Renommés (1 site(s), 1 champ(s))" in labels
    removed = next(df.value for df in at.dataframe if "Commune" in df.value.columns)
    assert sorted(removed["Identifiant"]) == sorted(MODIFIED["removed"])
    assert "Validation de « liste\\-modifiee\\.csv » : 2\u202f842 lignes lues" in texts(at.success)
    assert not at.button(key="sites_confirm").disabled
    assert current_id(env) == 1 and len(site_versions.list_versions(env)) == 1


def test_confirm_makes_the_new_list_current_and_the_map_follows(env):
    at = run_page(ALICE)
    at = upload_sites(at, "liste-modifiee.csv", MODIFIED_BYTES)
    extract = next(d for d in at.date_input if d.label == "Date de l'extrait")
    assert extract.value is None  # no date in the file name
    extract.set_value(date(2024, 9, 1))
    at.button(key="sites_confirm").click()
    at = rerun(at)
    assert "Version n° 2 importée : c'est désormais la liste affichée par le tableau de bord (2\u202f842 sites)." \
        in texts(at.success)
    assert metric(at, "Sites dans la version courante") == "2\u202f842"
    assert metric(at, "Versions enregistrées") == "2"
    assert not has_metric(at, "Sites supprimés")  # the uploader is empty again
    current = site_versions.current_version(env)
    assert (current.id, current.author, current.source) == (2, ALICE_LABEL, site_versions.SOURCE_UPLOAD)
    assert current.extract_date == date(2024, 9, 1)
    assert metric(at, "Date de l'extrait") == "01/09/2024"
    # The data folder's file is version 1: not offered as something new.
    assert not [b for b in at.button if b.key == "sites_compare_local"]
    assert site_versions.version_bytes(env, 2) == MODIFIED_BYTES
    # The national map reads the current version.
    carte = run_page(path="pages/carte.py")
    shown = next(f for f in html_figures(carte) if f["label"] == "Sites France services affichés")
    assert shown["value"] == "2\u202f842"


def test_cancel_leaves_the_current_version(env):
    at = run_page(ALICE)
    at = upload_sites(at, "liste-modifiee.csv", MODIFIED_BYTES)
    at.button(key="sites_cancel").click()
    at = rerun(at)
    assert "Import annulé : la version courante (n° 1) est inchangée." in texts(at.info)
    assert not has_metric(at, "Sites supprimés")
    assert current_id(env) == 1 and len(site_versions.list_versions(env)) == 1
    assert len(site_versions.history(env)) == 1


@pytest.mark.parametrize(("name", "data", "message"), [
    ("vide.csv", b"", "Le fichier « vide.csv » est vide."),
    ("classeur.csv", None, "est un classeur (XLSX ou ZIP), pas un fichier CSV"),
    ("ancien.csv", b"identifiant;nom;lat;lon\n1;x;46,2;5,2\n", "n'a pas le format de la liste France services"),
])
def test_rejected_upload_says_why_and_offers_no_confirmation(env, name, data, message):
    if data is None:
        sites, _ = read_sites(REAL_BYTES, "x.csv")
        data = to_xlsx_bytes({"Sites": sites[list(COLUMNS)].head(5)})
    at = run_page(ALICE)
    at = upload_sites(at, name, data)
    error = texts(at.error)
    assert error.startswith("Fichier refusé : ") and message in error
    assert error.endswith("La version courante est inchangée.")
    assert not [b for b in at.button if b.key == "sites_confirm"]
    assert current_id(env) == 1 and len(site_versions.list_versions(env)) == 1


def test_identical_upload_has_nothing_to_import(env):
    at = run_page(ALICE)
    at = upload_sites(at, "copie.csv", REAL_BYTES)
    assert "identique à la version courante (n° 1) : rien à importer" in texts(at.info)
    assert not [b for b in at.button if b.key == "sites_confirm"]


def test_upload_with_row_errors_lists_them_with_row_and_column(env):
    text = REAL_BYTES.decode("utf-8").replace('"France services de Valserhône"', '""', 1)
    at = run_page(ALICE)
    at = upload_sites(at, "avec-erreur.csv", text.encode("utf-8"))
    assert "1 erreur(s) (lignes écartées)" in texts(at.warning)
    assert "Problèmes trouvés à la validation (1)" in expanders(at)
    problems = next(df.value for df in at.dataframe if "Message" in df.value.columns)
    assert problems.iloc[0].to_dict() == {"Ligne": 2, "Colonne": "lib_fs", "Niveau": "erreur",
                                          "Message": "nom du site vide."}
    assert metric(at, "Sites supprimés") == "1"


def test_markup_in_file_names_and_fields_stays_text(env):
    name = "[clic](javascript:alert(1))<b>.csv"
    data = REAL_BYTES.decode("utf-8").replace("France services de Valserhône",
                                              "<script>window.x=1</script>=HYPERLINK(\"\"http://a\"\")", 1)
    at = run_page(("alice@anct.gouv.fr", "<img src=x onerror=alert(1)>"))
    at = upload_sites(at, name, data.encode("utf-8"))
    assert plain(name) in texts(at.success)
    assert "<script>" not in texts(at.markdown) + texts(at.success)
    renamed = next(df.value for df in at.dataframe if "Avant" in df.value.columns)
    assert renamed.iloc[0]["Après"].startswith("<script>window.x=1</script>=HYPERLINK(")
    at.button(key="sites_confirm").click()
    at = rerun(at)
    assert site_versions.current_version(env).author == "<img src=x onerror=alert(1)> <alice@anct.gouv.fr>"
    assert "\\<img src=x onerror=alert\\(1\\)\\>" in texts(at.markdown)


def test_rollback_to_an_earlier_version(env):
    site_imports.ensure_initial_version(env, REAL_SITES)
    candidate = site_imports.prepare(env, MODIFIED_BYTES, "liste-modifiee.csv")
    site_imports.import_candidate(env, candidate, source=site_versions.SOURCE_CLI, user=rights.operator("Alice"))
    reader = run_page()
    assert not [b for b in reader.button if b.key == "rollback_confirm"]
    assert "Retour à une version antérieure : réservé à l'équipe nationale (ANCT)." in texts(reader.caption)
    at = run_page(BOB)
    assert at.selectbox(key="rollback_target").value == 1
    assert "Différence avec la version courante : 3 sites ajoutés" in texts(at.caption)
    at.button(key="rollback_confirm").click()
    at = rerun(at)
    assert "La version n° 1 est de nouveau la version courante." in texts(at.success)
    assert metric(at, "Sites dans la version courante") == "2\u202f845"
    assert current_id(env) == 1
    history = next(df.value for df in at.dataframe if "Résumé" in df.value.columns)
    assert history["Action"].tolist() == ["retour à une version antérieure", "import",
                                          "première version (fichier local)"]
    assert history.iloc[0]["Par"] == BOB_LABEL
    assert len(site_versions.list_versions(env)) == 2  # nothing deleted


# --------------------------------------------------------------------------- a fresh machine, the data folder


def test_fresh_machine_without_file_can_upload_the_first_version(monkeypatch, tmp_path, database_url):
    folder = tmp_path / "donnees"
    folder.mkdir()
    monkeypatch.setenv("FSDASH_DATA_DIR", str(folder))
    monkeypatch.setenv("FSDASH_DATABASE_URL", database_url)
    monkeypatch.setenv("FSDASH_ADMINS", ALICE[0])
    create_schema(get_engine(database_url))
    at = run_page(ALICE)
    assert "Aucune liste des sites n'est chargée" in texts(at.info)
    at = upload_sites(at, "liste-fs-20240801.csv", REAL_BYTES)
    assert metric(at, "Sites ajoutés") == "2\u202f845"
    at.button(key="sites_confirm").click()
    at = rerun(at)
    version = site_versions.current_version(get_engine(database_url))
    assert (version.id, version.source, str(version.extract_date)) == (1, "upload", "2024-08-01")
    assert "Coordonnées hors du contour de leur département (0)" in expanders(at)  # no contours file here
    assert "Contours des départements absents : vérification impossible." in texts(at.warning)


def test_a_newer_file_in_the_data_folder_is_offered_for_comparison(monkeypatch, tmp_path, database_url):
    folder = tmp_path / "donnees"
    folder.mkdir()
    shutil.copy(REAL_CONTOURS, folder / REAL_CONTOURS.name)
    (folder / "liste-fs.csv").write_bytes(REAL_BYTES)
    monkeypatch.setenv("FSDASH_DATA_DIR", str(folder))
    monkeypatch.setenv("FSDASH_DATABASE_URL", database_url)
    monkeypatch.setenv("FSDASH_ADMINS", ALICE[0])
    create_schema(get_engine(database_url))
    at = run_page(ALICE)
    assert not [b for b in at.button if b.key == "sites_compare_local"]
    (folder / "liste-fs.csv").write_bytes(MODIFIED_BYTES)  # e.g. a plain « fetch » since
    at = rerun(at)
    assert "« liste\\-fs\\.csv » présent dans le dossier des données n'a pas encore été importé" in texts(at.info)
    at.button(key="sites_compare_local").click()
    at = rerun(at)
    assert metric(at, "Sites supprimés") == "3"
    at.button(key="sites_confirm").click()
    at = rerun(at)
    version = site_versions.current_version(get_engine(database_url))
    assert (version.id, version.source) == (2, site_versions.SOURCE_LOCAL)
    assert not [b for b in at.button if b.key == "sites_compare_local"]


# --------------------------------------------------------------------------- the statuses spreadsheet


STATUSES_CSV = "departement;statut;structure_porteuse\n01;temps plein;Conseil départemental de l'Ain\n2A;mi-temps;\n"


def test_registry_downloads_and_accepted_values(env):
    at = run_page()
    values = next(t.value for t in at.table if "Valeurs admises" in t.value.columns)
    assert "statut" in values["Colonne"].tolist()
    downloads = [b.proto.label for b in at.get("download_button")]
    for label in ("Registre actuel (CSV)", "Registre actuel (XLSX)", "Modèle vierge (CSV)", "Modèle vierge (XLSX)",
                  "Toutes les périodes (CSV)", "Modèle par périodes (CSV)", "Modèle par périodes (XLSX)"):
        assert label in downloads
    long_values = next(t.value for t in at.table if "date_effet" in t.value["Colonne"].tolist())
    assert "AAAA-MM-JJ" in " ".join(long_values["Valeurs admises"])


def test_registry_upload_in_the_long_format(env):
    from datetime import date

    from fsdash.inputs import statuses_file
    from fsdash.storage import periods

    at = run_page(ALICE)
    statuses_uploader(at).upload("periodes.csv", statuses_file.long_template_bytes("csv"), "text/csv")
    at = rerun(at)
    preview = next(df.value for df in at.dataframe if "Après" in df.value.columns and "Champ" in df.value.columns)
    assert "Statut (période du 01/01/2024)" in set(preview["Champ"])
    at.button(key="statuses_confirm").click()
    at = rerun(at)
    assert [(p["date_effet"], p["statut"]) for p in periods.periods(env, "37").to_dict("records")] == [
        (None, "aucun"), (date(2022, 9, 1), "mi-temps"), (date(2024, 1, 1), "temps plein")]
    bad = "departement;statut;date_effet\n37;mi-temps;2022-09-01\n37;aucun;01/09/2022\n"
    statuses_uploader(at).upload("periodes.csv", bad.encode("utf-8"), "text/csv")
    at = rerun(at)
    errors = next(df.value for df in at.dataframe if "Message" in df.value.columns)
    assert errors[["Ligne", "Colonne"]].values.tolist() == [[3, "date_effet"]]


def test_registry_upload_previews_then_applies_on_confirmation(env):
    at = run_page(ALICE)
    statuses_uploader(at).upload("registre.csv", STATUSES_CSV.encode("utf-8"), "text/csv")
    at = rerun(at)
    assert metric(at, "Départements modifiés") == "2"
    assert metric(at, "Champs modifiés") == "5"  # 01: statut, etp, structure ; 2A: statut, etp
    preview = next(df.value for df in at.dataframe if "Après" in df.value.columns and "Champ" in df.value.columns
                   and "Nom" in df.value.columns)
    row = preview[(preview["Département"] == "01") & (preview["Champ"] == "Statut")].iloc[0]
    assert (row["Avant"], row["Après"]) == ("non renseigné", "temps plein")
    assert registry.get_record(env, "01")["statut"] == "non renseigné"  # nothing applied yet
    at.button(key="statuses_confirm").click()
    at = rerun(at)
    assert "Registre importé : 2 département(s) modifié(s), 5 champ(s) changé(s)." in texts(at.success)
    record = registry.get_record(env, "01")
    assert (record["statut"], record["updated_by"]) == ("temps plein", ALICE_LABEL)
    assert registry.get_record(env, "2A")["etp"] == 0.5


def test_registry_upload_as_xlsx(env):
    import pandas as pd

    workbook = to_xlsx_bytes({"Animateurs": pd.DataFrame({"departement": ["37", "978"],
                                                          "statut": ["recrutement en cours", "aucun"]})})
    at = run_page(BOB)
    statuses_uploader(at).upload("registre.xlsx", workbook, XLSX_MIME)
    at = rerun(at)
    assert metric(at, "Départements modifiés") == "2"
    at.button(key="statuses_confirm").click()
    at = rerun(at)
    assert registry.get_record(env, "37")["statut"] == "recrutement en cours"
    assert registry.get_record(env, "978")["statut"] == "aucun"


def test_registry_upload_with_errors_applies_nothing(env):
    bad = "departement,statut,etp\n01,temps plein,1\n99,mi-temps,\n02,à moitié,\n03,mi-temps,1\n"
    at = run_page(ALICE)
    statuses_uploader(at).upload("registre.csv", bad.encode("utf-8"), "text/csv")
    at = rerun(at)
    assert "Fichier « registre\\.csv » refusé : 3 erreur(s), rien n'a été importé." in texts(at.error)
    errors = next(df.value for df in at.dataframe if "Message" in df.value.columns)
    assert errors[["Ligne", "Colonne"]].values.tolist() == [[3, "departement"], [4, "statut"], [5, "etp"]]
    assert not [b for b in at.button if b.key == "statuses_confirm"]
    assert registry.get_record(env, "01")["statut"] == "non renseigné"


def test_registry_upload_cancelled(env):
    at = run_page(ALICE)
    statuses_uploader(at).upload("registre.csv", STATUSES_CSV.encode("utf-8"), "text/csv")
    at = rerun(at)
    at.button(key="statuses_cancel").click()
    at = rerun(at)
    assert "Import du registre annulé : rien n'a été modifié." in texts(at.info)
    assert registry.history(env).empty


# --------------------------------------------------------------------------- quality and provenance


def test_quality_panel_lists_the_checks_with_links(env):
    at = run_page()
    labels = expanders(at)
    for label in ("Coordonnées hors du contour de leur département (29)", "Plusieurs sites aux mêmes coordonnées (29)",
                  "Téléphone ou courriel manquant (5)", "Horaires d'ouverture illisibles ou incohérents (61)",
                  "Aucun horaire d'ouverture (48)", "Départements sans aucun site (0)",
                  "Groupes de sites répartis sur plusieurs départements (0)"):
        assert label in labels
    tables = [df.value for df in at.dataframe if "Page" in df.value.columns and "Détail" in df.value.columns]
    assert tables and all(t["Page"].str.startswith("/departement?dep=").all() for t in tables)
    contact = next(t for t in tables if t["Détail"].str.contains("courriel").any())
    assert "ni téléphone ni courriel." in contact["Détail"].tolist()


def test_provenance_of_every_source(env):
    at = run_page()
    blocks = {m.value.split("**")[1]: m.value for m in at.markdown if m.value.startswith("**")
              and "Empreinte SHA-256" in m.value}
    assert list(blocks) == ["Liste des structures France services", "Contours des départements",
                            "Registre des animateurs départementaux"]
    sites = blocks["Liste des structures France services"]
    assert f"- Empreinte SHA-256 : `{hashlib.sha256(REAL_BYTES).hexdigest()}`" in sites
    assert "- Date de l'extrait : 01/08/2024" in sites
    assert "- Licence : Licence Ouverte / Open Licence 2\\.0 \\(Etalab\\)" in sites
    assert "- Adresse officielle : [https" in sites
    assert "(https://www.data.gouv.fr/fr/datasets/r/31576dff-fd61-4de9-819f-32c2f880b142)" in sites
    assert "par démarrage du tableau de bord" in sites
    contours = blocks["Contours des départements"]
    assert f"`{hashlib.sha256(REAL_CONTOURS.read_bytes()).hexdigest()}`" in contours
    assert "Etalab, d'après IGN ADMIN EXPRESS" in contours


# --------------------------------------------------------------------------- who may do what


@pytest.mark.parametrize("user", [None, ("lecteur@example.fr", "Lecteur"), ("pref37@test.fr", "Préfecture 37")])
def test_only_administrators_get_uploads_confirmations_and_rollbacks(env, user):
    site_imports.ensure_initial_version(env, REAL_SITES)
    candidate = site_imports.prepare(env, MODIFIED_BYTES, "liste-modifiee.csv")
    site_imports.import_candidate(env, candidate, source=site_versions.SOURCE_CLI, user=rights.operator("Alice"))
    if user and user[0].startswith("pref"):
        accounts.grant(env, rights.User("root@test.fr", rights.ADMIN), user[0], rights.PREFECTURE, ["37"])
    at = AppTest.from_file(str(PROJECT_ROOT / "pages/donnees.py"), default_timeout=90)
    if user:
        at.user = {"is_logged_in": True, "email": user[0], "name": user[1]}
    # Session state cannot bring the controls back: a pending candidate, a rollback target.
    at.session_state["sites_candidate"] = site_imports.prepare(env, REAL_BYTES, "retour.csv")
    at.session_state["rollback_target"] = 1
    at = rerun(at)
    assert not at.file_uploader  # neither the site list's nor the registry's
    keys = {b.key for b in at.button}
    assert not keys & {"sites_confirm", "rollback_confirm", "statuses_confirm", "sites_compare_local"}
    captions = texts(at.caption)
    assert "Import d'une nouvelle liste des sites : réservé à l'équipe nationale (ANCT)." in captions
    assert "Import du registre entier : réservé à l'équipe nationale (ANCT)." in captions
    downloads = [b.proto.label for b in at.get("download_button")]
    assert "Registre actuel (CSV)" in downloads and "Télécharger la version courante (CSV)" in downloads
    personal = "coordonnées des animateurs de vos départements (37)" if user and user[1].startswith("Pr") else \
        "Les exports ne contiennent pas les données personnelles"
    assert personal in captions
    assert current_id(env) == 2 and len(site_versions.history(env)) == 2


def test_rights_are_checked_when_the_import_is_confirmed(env, monkeypatch):
    """The confirmation was offered to an administrator; the right is gone before the
    click: fsdash refuses, the page says so, nothing changes, the refusal is recorded."""
    at = run_page(ALICE)
    at = upload_sites(at, "liste-modifiee.csv", MODIFIED_BYTES)
    monkeypatch.setenv("FSDASH_ADMINS", BOB[0])  # Alice is no longer an administrator
    at.button(key="sites_confirm").click()
    at = rerun(at)
    assert "Action refusée : importer une liste des sites (liste-modifiee.csv)" in plain_text(texts(at.error))
    assert "La version courante est inchangée." in texts(at.error)
    assert current_id(env) == 1 and len(site_versions.list_versions(env)) == 1
    assert accounts.refusals(env)[["email", "action"]].values.tolist() == [
        [ALICE[0], "importer une liste des sites"]]
    assert not at.file_uploader


def test_rights_are_checked_when_a_rollback_is_confirmed(env, monkeypatch):
    site_imports.ensure_initial_version(env, REAL_SITES)
    candidate = site_imports.prepare(env, MODIFIED_BYTES, "liste-modifiee.csv")
    site_imports.import_candidate(env, candidate, source=site_versions.SOURCE_CLI, user=rights.operator("Alice"))
    at = run_page(BOB)
    monkeypatch.delenv("FSDASH_ADMINS")
    at.button(key="rollback_confirm").click()
    at = rerun(at)
    assert "Action refusée : revenir à une version de la liste des sites (version n° 1)" in plain_text(
        texts(at.error))
    assert current_id(env) == 2 and len(site_versions.history(env)) == 2
    assert accounts.refusals(env)["email"].tolist() == [BOB[0]]


def test_rights_are_checked_when_the_registry_import_is_confirmed(env, monkeypatch):
    at = run_page(ALICE)
    statuses_uploader(at).upload("registre.csv", STATUSES_CSV.encode("utf-8"), "text/csv")
    at = rerun(at)
    monkeypatch.delenv("FSDASH_ADMINS")
    at.button(key="statuses_confirm").click()
    at = rerun(at)
    assert "Action refusée : importer le registre des animateurs (registre.csv)" in plain_text(texts(at.error))
    assert "Rien n'a été modifié." in texts(at.error)
    assert registry.history(env).empty
    assert accounts.refusals(env)["action"].tolist() == ["importer le registre des animateurs"]


def test_provenance_names_the_last_registry_editor_only_to_those_allowed(env):
    editor = rights.User("pref37@test.fr", rights.PREFECTURE, frozenset({"37"}), name="Préfecture 37")
    registry.update_record(env, "37", {"statut": "mi-temps"}, editor, None)

    def block(at):
        return next(m.value for m in at.markdown if m.value.startswith("**Registre des animateurs"))

    assert "par Préfecture 37" not in plain_text(block(run_page()))
    assert "dernière modification le" in plain_text(block(run_page()))
    assert "par Préfecture 37 <pref37@test.fr>" in plain_text(block(run_page(ALICE)))


def plain_text(markdown: str) -> str:
    import re

    return re.sub(r"\\(.)", r"\1", markdown)
