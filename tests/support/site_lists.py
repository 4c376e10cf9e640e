"""A copy of the real site list with known changes, for the import and difference tests."""

from __future__ import annotations

import csv
import io

from tests.conftest import REAL_SITES


def modified_real_list() -> tuple[bytes, dict]:
    """The real list with 3 sites removed, 2 moved (about 1.1 km and 2.2 km), 1 renamed."""
    text = REAL_SITES.read_bytes().decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header, body = rows[0], rows[1:]
    col = {name: i for i, name in enumerate(header)}
    removed = [body[10][0], body[500][0], body[2800][0]]
    moved = [body[20][0], body[1500][0]]
    renamed = body[100][0]
    out = []
    for row in body:
        row = list(row)
        if row[0] in removed:
            continue
        if row[0] == moved[0]:
            row[col["latitude"]] = f"{float(row[col['latitude']]) + 0.01:.6f}"
        if row[0] == moved[1]:
            row[col["longitude"]] = f"{float(row[col['longitude']]) - 0.03:.6f}"
        if row[0] == renamed:
            row[col["lib_fs"]] = "France services renommée par le test"
        out.append(row)
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(out)
    return buffer.getvalue().encode("utf-8"), {"removed": removed, "moved": moved, "renamed": renamed}
