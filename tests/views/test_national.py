"""Headline figures of the national page."""

import pandas as pd

from fsdash.views import national


def test_a_filter_that_matches_nothing_costs_nothing():
    """« aucun » in a région with no such département: an empty selection, not a crash."""
    empty = pd.DataFrame({"departement": pd.Series([], dtype=object), "statut": pd.Series([], dtype=object)})
    assert national.annual_contribution(empty) == 0.0
    assert national.headline(empty, pd.DataFrame({"id_fs": []})).annual_contribution == 0.0
