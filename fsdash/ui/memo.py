"""What pages derive from cached objects, made once per object and arguments.

The caches of ``fsdash.ui.cache`` hold one read-only object per content (the site
frame, the registry on a day, a simulator result); what a page builds from them on
every run (a département's table, its HTML, the map's part of a run) is remembered
here, keyed by the object's identity and hashable arguments, shared by the sessions
of the process, and forgotten with the object (so an identity is never reused).
Read-only, like the objects: callers copy before changing anything.
"""

from __future__ import annotations

import json
import threading
import weakref
from collections.abc import Callable

from fsdash.views import maps

_DERIVED: dict[tuple, object] = {}
_OWNERS: set[int] = set()
_PENDING: dict[tuple, threading.Lock] = {}  # keys being computed, each with its lock
_LOCK = threading.RLock()  # re-entrant: a finalizer may run inside (garbage collection)
_MAX = 512  # entries; the oldest go first


def _forget(owner_id: int) -> None:
    with _LOCK:
        _OWNERS.discard(owner_id)
        for key in [k for k in _DERIVED if owner_id in k[0]]:
            _DERIVED.pop(key, None)


def remember(owners: tuple, name: str, args: tuple, compute: Callable[[], object]):
    """``compute()``, remembered for ``owners`` (objects a cache holds) and hashable ``args``."""
    key = (tuple(id(o) for o in owners), name, args)
    try:
        return _DERIVED[key]
    except KeyError:
        pass
    # Sessions asking for the same thing at the same moment (many people arriving on a
    # page) wait for the first one's result instead of each computing it.
    with _LOCK:
        pending = _PENDING.setdefault(key, threading.Lock())
    with pending:
        try:
            return _DERIVED[key]
        except KeyError:
            pass
        try:
            value = compute()
            _store(key, owners, value)
        finally:
            with _LOCK:
                _PENDING.pop(key, None)
    return value


def _store(key: tuple, owners: tuple, value: object) -> None:
    with _LOCK:
        for owner in owners:
            if id(owner) not in _OWNERS:
                _OWNERS.add(id(owner))
                weakref.finalize(owner, _forget, id(owner))
        _DERIVED[key] = value
        while len(_DERIVED) > _MAX:
            _DERIVED.pop(next(iter(_DERIVED)), None)


def derived(owner, build: Callable, *args):
    """``build(owner, *args)`` made once per cached object (a table, a simulator result),
    function and hashable ``args`` (read-only): HTML, counts… ``build`` must depend on
    nothing else (a named function, not a closure over the run's values)."""
    return remember((owner,), "derived", (build.__code__, *args), lambda: build(owner, *args))


def map_spec(**spec) -> dict:
    """``views.maps.map_spec(**spec)``, made once per records frame and arguments (read-only)."""
    records = spec["records"]
    args = json.dumps({k: v for k, v in spec.items() if k != "records"}, sort_keys=True, default=_jsonable)
    return remember((records,), "map_spec", (args,), lambda: maps.map_spec(**spec))


def _jsonable(value):
    return sorted(value) if isinstance(value, set | frozenset) else repr(value)
