"""Vega-Lite specs whose table is turned into Arrow bytes once, not on every run.

``st.vega_lite_chart`` converts a spec's top-level ``data.values`` (a list of rows)
into Arrow bytes each time it is called: a pandas frame of Python objects, then
Arrow, a good part of a page run under load (py-spy on ``scripts/load_test.py``).
A named dataset already in bytes goes through as it is. ``arrow_spec`` makes those
bytes, the same ones Streamlit would make, inside the builders that
``cache.derived`` remembers: once per registry version or simulator result.
"""

from __future__ import annotations

from streamlit import dataframe_util

DATASET = "lignes"


def arrow_spec(spec: dict) -> dict:
    """``spec`` with its top-level ``data.values`` as a named dataset of Arrow bytes (a new dict;
    ``spec`` is not changed). A spec without inline rows is returned as it is."""
    data = spec.get("data")
    if not isinstance(data, dict) or "values" not in data:
        return spec
    out = dict(spec)
    out["datasets"] = {**spec.get("datasets", {}),
                       DATASET: dataframe_util.convert_anything_to_arrow_bytes(data["values"])}
    out["data"] = {"name": DATASET}
    return out
