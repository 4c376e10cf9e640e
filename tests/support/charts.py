"""Read back the pages' SVG charts (``fsdash.ui.elements.svg_chart``) from an AppTest run:
what each element receives, and the markup of the file it points to."""

from __future__ import annotations

import json

from fsdash.domain.frontend import STATIC_DIR


def charts(at) -> list[dict]:
    """Each chart of the page, in order: its data (src, label, chosen, clickable) and ``markup``."""
    found = []
    for element in at.main:
        if getattr(element, "type", "") == "bidi_component" and element.proto.component_name == "fsdash.graphique":
            data = json.loads(element.proto.json)
            data["markup"] = (STATIC_DIR / "fsdash" / data["src"].rsplit("/", 1)[1]).read_text(encoding="utf-8")
            found.append(data)
    return found
