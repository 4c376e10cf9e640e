"""AppTest of the département page's timeline: periods, who recorded them (masked for
readers), planned periods, and the State's contribution by year."""

from datetime import date

from fsdash.storage import registry
from tests.pages.test_departement import ANCT, PREF_37, db, db_url, open_page  # noqa: F401
from tests.support.html_tables import html_table_with


def test_timeline_lists_the_periods_and_the_contribution(db):  # noqa: F811
    registry.update_record(db, "37", {"statut": "mi-temps", "date_debut": date(2023, 3, 1)}, ANCT, None)
    at = open_page("37", PREF_37)
    periods = html_table_with(at, "Enregistré par")
    print(periods)
    yearly = html_table_with(at, "dont prévu")
    print(yearly)
