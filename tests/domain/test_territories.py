import json

from fsdash.domain.territories import (
    CODES,
    DEPARTEMENTS,
    METROPOLE,
    OUTRE_MER,
    REGIONS,
    find_departement,
    search_departements,
)
from tests.conftest import REAL_CONTOURS


def test_table_matches_the_contours_file():
    features = {f["properties"]["code"]: f["properties"] for f in json.loads(REAL_CONTOURS.read_text())["features"]}
    assert len(features) == 109
    assert len(DEPARTEMENTS) == 102
    for code, dep in DEPARTEMENTS.items():
        assert features[code]["nom"] == dep.nom, code
        assert features[code]["region"] == dep.region_code, code
    # what the contours have that the table leaves out: collectivities with no France services
    assert sorted(set(features) - set(DEPARTEMENTS)) == ["975", "977", "984", "986", "987", "988", "989"]


def test_kinds_and_regions():
    assert sum(d.kind == METROPOLE for d in DEPARTEMENTS.values()) == 96
    assert sorted(c for c, d in DEPARTEMENTS.items() if d.kind == OUTRE_MER) == [
        "971", "972", "973", "974", "976", "978"]
    assert DEPARTEMENTS["2A"].region == "Corse"
    assert DEPARTEMENTS["37"].region == "Centre-Val de Loire"
    assert DEPARTEMENTS["978"].region == "Saint-Martin"
    assert len({d.region for d in DEPARTEMENTS.values()}) == len(REGIONS) == 19
    assert CODES[0] == "01" and "2A" in CODES and CODES[-1] == "978"


def test_search_by_code_or_name_ignores_accents_and_case():
    assert find_departement("37").code == "37"
    assert find_departement("indre").code == "36"
    assert find_departement("Réunion").code == "974"
    assert find_departement("reunion").code == "974"
    assert find_departement("2a").code == "2A"
    assert find_departement("7").code == "07"
    assert find_departement("  INDRE-ET-LOIRE ").code == "37"
    assert find_departement("cotes d armor").code == "22"
    assert find_departement("saint-martin").code == "978"
    assert find_departement("99") is None
    assert find_departement("") is None
    # ambiguous: both Corsican départements
    assert find_departement("corse") is None
    assert [d.code for d in search_departements("corse")] == ["2A", "2B"]
