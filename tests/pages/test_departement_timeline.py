"""AppTest of the département page's timeline: periods, who recorded them (masked for
readers), planned periods, and the State's contribution by year."""

from datetime import date

from fsdash.domain.record_fields import DEMO_AUTHOR
from fsdash.storage import demo, registry
from tests.pages.test_departement import ANCT, PREF_37, db, db_url, open_page  # noqa: F401
from tests.support.charts import charts
from tests.support.html_tables import html_table_with

NEXT_YEAR = date.today().year + 1


def test_the_demo_timeline_of_a_departement_with_authors_for_its_prefecture(db):  # noqa: F811
    demo.load_demo(db, ANCT)
    registry.add_period(db, "37", date(NEXT_YEAR, 3, 1), {"statut": "recrutement en cours"}, ANCT)
    at = open_page("37", PREF_37)
    assert any(s.value == "Chronologie de l'animateur" for s in at.subheader)
    periods = html_table_with(at, "Enregistré par")
    assert list(periods["Statut"]) == ["aucun", "mi-temps", "temps plein", "recrutement en cours"]
    assert periods.iloc[2]["Du"] == "01/01/2024"
    assert list(periods["Période"]) == ["terminée", "terminée", "en vigueur", "prévu"]
    assert periods.iloc[-1]["Au"] == ""
    # the demo's periods are signed as demonstration data, the planned one by whoever added it
    assert list(periods["Enregistré par"]) == [DEMO_AUTHOR] * 3 + [ANCT.signature]
    yearly = html_table_with(at, "dont prévu").set_index("Année")
    assert yearly.loc["2024", "Contribution État"] == "50\u202f000\u202f€"
    assert yearly.loc[str(NEXT_YEAR), "dont prévu"] == "8\u202f333\u202f€"  # two months planned at full time
    strip, contribution = charts(at)  # the strip and the contribution month by month
    assert "Du 01/01/2024 : temps plein (en vigueur)" in strip["markup"]
    assert "(prévu)</title>" in contribution["markup"] and not contribution["clickable"]


def test_a_reader_sees_the_timeline_without_the_authors(db):  # noqa: F811
    demo.load_demo(db, ANCT)
    at = open_page("37")
    periods = html_table_with(at, "Enregistré par")
    assert set(periods["Enregistré par"]) == {"(masqué)"}
    assert any("Auteurs des saisies : accès réservé" in c.value for c in at.caption)


def test_no_period_says_so(db):  # noqa: F811
    at = open_page("37")
    assert any("Aucune période enregistrée" in c.value for c in at.caption)
