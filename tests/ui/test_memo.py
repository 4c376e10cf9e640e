"""What pages derive from cached objects, remembered per object (``fsdash.ui.memo``)."""

from __future__ import annotations

import gc

import pandas as pd

from fsdash.ui import memo


def _count_rows(frame: pd.DataFrame, column: str) -> int:
    _count_rows.calls += 1
    return int(frame[column].count())


def test_derived_is_made_once_per_object_and_arguments_and_forgotten_with_its_object():
    _count_rows.calls = 0
    frame = pd.DataFrame({"a": [1, 2, None]})
    assert memo.derived(frame, _count_rows, "a") == 2
    assert memo.derived(frame, _count_rows, "a") == 2
    assert _count_rows.calls == 1  # the same object and arguments: remembered
    other = pd.DataFrame({"a": [1]})
    assert memo.derived(other, _count_rows, "a") == 1  # another object: made for it
    assert _count_rows.calls == 2
    remembered = len(memo._DERIVED)
    del other
    gc.collect()
    assert len(memo._DERIVED) == remembered - 1  # gone with its object: its id may be reused safely


def test_map_spec_is_remembered_per_arguments():
    records = pd.DataFrame({"departement": ["37", "87"], "statut": ["aucun", "mi-temps"]})
    spec = {"layers": {"contours": "a.gz"}, "codes": ("37", "87"), "records": records,
            "site_counts": {"37": 3}, "shown": {"37"}}
    first = memo.map_spec(**spec)
    assert memo.map_spec(**spec) is first
    assert memo.map_spec(**{**spec, "shown": {"87"}}) is not first
    assert first["shown"] == ["37"]
