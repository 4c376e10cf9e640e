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


def test_sessions_asking_at_the_same_moment_wait_for_one_computation():
    """Twenty threads (sessions arriving together) ask for the same derived table while it is
    being made: it is made once, everyone gets that one object; a failure is not remembered."""
    import threading
    import time

    calls = []
    started = threading.Event()

    def slow() -> list:
        calls.append(1)
        started.set()
        time.sleep(0.3)
        return ["table"]

    frame = pd.DataFrame({"a": [1]})
    got = []
    threads = [threading.Thread(target=lambda: got.append(memo.remember((frame,), "slow", (), slow)))
               for _ in range(20)]
    threads[0].start()
    started.wait(5)
    for thread in threads[1:]:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert len(calls) == 1 and len(got) == 20 and all(g is got[0] for g in got)

    def failing():
        raise RuntimeError("base indisponible")

    for _ in range(2):
        try:
            memo.remember((frame,), "failing", (), failing)
        except RuntimeError:
            pass
    assert memo.remember((frame,), "failing", (), lambda: "ok") == "ok"  # nothing kept from the failures
    assert not memo._PENDING
