"""Load and validate the official list of France services sites.

The file is accepted as published (UTF-8, comma separated, quoted fields that
may span several lines) and as spreadsheet software re-saves it (semicolon or
tab separated, Windows-1252 or UTF-8 with a byte-order mark, decimal commas).

Validation returns the valid rows and a report. A row-level problem excludes
that row and is listed with its row number (as a spreadsheet numbers it: the
header is row 1), its column and a French message; a file-level problem (not a
CSV, required columns missing, no valid row) rejects the whole file.
"""

from __future__ import annotations

import csv
import difflib
import io
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from fsdash.domain.site_fields import COLUMNS, REQUIRED
from fsdash.domain.territories import DEPARTEMENTS

# Bounding boxes (lat min, lat max, lon min, lon max) of metropolitan France,
# Corsica included, and of the overseas territories that hold France services.
TERRITORY_BOXES: dict[str, tuple[float, float, float, float]] = {
    "métropole": (41.2, 51.2, -5.3, 9.7),
    "Guadeloupe": (15.8, 16.6, -61.9, -60.9),
    "Martinique": (14.3, 14.95, -61.3, -60.75),
    "Guyane": (2.0, 6.0, -54.7, -51.5),
    "La Réunion": (-21.5, -20.8, 55.1, 55.9),
    "Mayotte": (-13.1, -12.5, 44.9, 45.4),
    "Saint-Martin": (17.85, 18.15, -63.2, -62.95),
}

# Names seen for the required columns in other exports, to hint at the right one.
ALIASES: dict[str, tuple[str, ...]] = {
    "id_fs": ("id", "identifiant", "id_structure"),
    "insee_dep": ("dep", "departement", "code_departement", "code_dep", "num_dep"),
    "lib_fs": ("nom", "nom_fs", "libelle", "nom_structure"),
    "latitude": ("lat", "y", "coord_lat"),
    "longitude": ("lon", "lng", "long", "x", "coord_lon"),
}

MAX_FILE_BYTES = 200 * 1024 * 1024


class SitesFileError(ValueError):
    """The file cannot be used at all; the message is in French."""


@dataclass
class Problem:
    row: int | None
    column: str | None
    message: str
    level: str = "erreur"  # "erreur" excludes the row, "avertissement" keeps it

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"ligne {self.row}")
        if self.column:
            where.append(f"colonne « {self.column} »")
        prefix = ", ".join(where)
        return f"{prefix} : {self.message}" if prefix else self.message


@dataclass
class Report:
    """What validation found. ``rejected`` means the file cannot be used."""

    file: str
    rows: int = 0
    valid: int = 0
    encoding: str | None = None
    separator: str | None = None
    file_errors: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def rejected(self) -> bool:
        return bool(self.file_errors)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "erreur"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "avertissement"]

    def to_dict(self) -> dict:
        return {
            "file": self.file,
            "rows": self.rows,
            "valid": self.valid,
            "rejected": self.rejected,
            "encoding": self.encoding,
            "separator": self.separator,
            "file_errors": list(self.file_errors),
            "errors": [asdict(p) for p in self.errors],
            "warnings": [asdict(p) for p in self.warnings],
        }

    def summary(self) -> str:
        if self.rejected:
            return f"Fichier « {self.file} » refusé : " + " ".join(self.file_errors)
        return (
            f"Fichier « {self.file} » : {self.rows} lignes lues, {self.valid} valides, "
            f"{len(self.errors)} erreur(s), {len(self.warnings)} avertissement(s)."
        )


def empty_sites() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype=str) for c in COLUMNS})
    frame["latitude"] = frame["latitude"].astype(float)
    frame["longitude"] = frame["longitude"].astype(float)
    frame["row"] = pd.Series(dtype=int)
    return frame


# --------------------------------------------------------------------------- decoding


def _decode(raw: bytes, name: str) -> tuple[str, str]:
    if not raw.strip():
        raise SitesFileError(f"Le fichier « {name} » est vide.")
    if raw[:4] == b"PK\x03\x04":
        raise SitesFileError(
            f"Le fichier « {name} » est un classeur (XLSX ou ZIP), pas un fichier CSV : "
            "enregistrez-le au format CSV."
        )
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with BOM: Excel's « Texte Unicode »
        return raw.decode("utf-16", errors="replace"), "utf-16"
    sample = raw[:65536]
    if b"\x00" in sample or sum(b < 9 or 13 < b < 32 for b in sample) > len(sample) // 100:
        raise SitesFileError(f"Le fichier « {name} » n'est pas un fichier texte CSV (contenu binaire).")
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), "cp1252"


def _sniff_separator(text: str) -> str:
    header = text.split("\n", 1)[0]
    counts = {sep: header.count(sep) for sep in (",", ";", "\t")}
    return max(counts, key=counts.get)


def _normalise_header(name: str) -> str:
    return name.strip().strip("\ufeff").strip('"').strip().lower()


# --------------------------------------------------------------------------- parsing


def _parse(text: str, name: str, separator: str) -> tuple[list[str], list[list[str]], list[int], list[Problem]]:
    """Header, records, their row numbers, and problems with record shape."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)
    problems: list[Problem] = []
    try:
        header = next(reader)
    except StopIteration:
        raise SitesFileError(f"Le fichier « {name} » est vide.") from None
    except csv.Error:
        raise SitesFileError(f"Le fichier « {name} » n'est pas un CSV lisible : guillemet mal placé ou non "
                             "fermé dans la ligne d'en-tête.") from None
    header = [_normalise_header(h) for h in header]
    records: list[list[str]] = []
    rows: list[int] = []
    width = len(header)
    row = 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error:
            problems.append(Problem(row + 1, None, "ligne tronquée ou guillemet non fermé : ligne ignorée, "
                                    "ainsi que la fin du fichier."))
            break
        row += 1
        if not record or all(not v.strip() for v in record):
            continue
        if len(record) != width:
            problems.append(Problem(row, None, f"{len(record)} champs au lieu de {width} "
                                    "(ligne tronquée ou séparateur en trop) : ligne ignorée."))
            continue
        records.append(record)
        rows.append(row)
    return header, records, rows, problems


def _check_columns(header: list[str], name: str) -> list[str]:
    duplicates = sorted({h for h in header if header.count(h) > 1 and h})
    if duplicates:
        raise SitesFileError(
            f"Le fichier « {name} » a des colonnes en double : " + ", ".join(duplicates) + "."
        )
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        hints = []
        for col in missing:
            close = [h for h in header if h in ALIASES.get(col, ())] or difflib.get_close_matches(
                col, header, n=1, cutoff=0.6)
            hints.append(f"« {col} »" + (f" (trouvé « {close[0]} » ?)" if close else ""))
        raise SitesFileError(
            f"Le fichier « {name} » n'a pas le format de la liste France services : "
            f"colonne(s) obligatoire(s) absente(s) : {', '.join(hints)}. "
            f"Colonnes trouvées : {', '.join(header[:12])}{'…' if len(header) > 12 else ''}."
        )
    return [c for c in COLUMNS if c not in header]


# --------------------------------------------------------------------------- validation


def _to_float(values: pd.Series) -> pd.Series:
    cleaned = values.str.strip().str.replace(",", ".", regex=False).str.replace("\u00a0", "", regex=False)
    return pd.to_numeric(cleaned, errors="coerce")


def inside_france(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    ok = np.zeros(len(lat), dtype=bool)
    for lat0, lat1, lon0, lon1 in TERRITORY_BOXES.values():
        ok |= (lat >= lat0) & (lat <= lat1) & (lon >= lon0) & (lon <= lon1)
    return ok


def _validate_frame(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    problems: list[Problem] = []
    bad = pd.Series(False, index=frame.index)

    def flag(mask: pd.Series, column: str, message) -> None:
        nonlocal bad
        mask = mask & ~bad
        for idx in frame.index[mask]:
            text = message(idx) if callable(message) else message
            problems.append(Problem(int(frame.at[idx, "row"]), column, text))
        bad = bad | mask

    for col in COLUMNS:
        frame[col] = frame[col].fillna("").astype(str).str.strip()

    dep = frame["insee_dep"].str.upper()
    dep = dep.where(~(dep.str.fullmatch(r"\d")), "0" + dep)  # « 1 » re-saved from « 01 »
    frame["insee_dep"] = dep
    frame["insee_com"] = frame["insee_com"].where(~frame["insee_com"].str.fullmatch(r"\d{4}"), "0" + frame["insee_com"])
    frame["code_postal"] = frame["code_postal"].where(
        ~frame["code_postal"].str.fullmatch(r"\d{4}"), "0" + frame["code_postal"]
    )

    flag(frame["id_fs"] == "", "id_fs", "identifiant vide.")
    flag(frame["lib_fs"] == "", "lib_fs", "nom du site vide.")
    flag(dep == "", "insee_dep", "code département vide.")
    flag(~dep.isin(DEPARTEMENTS) & (dep != ""), "insee_dep",
         lambda i: f"code département inconnu « {frame.at[i, 'insee_dep']} ».")

    lat = _to_float(frame["latitude"])
    lon = _to_float(frame["longitude"])
    for col, values in (("latitude", lat), ("longitude", lon)):
        empty = frame[col] == ""
        flag(empty, col, f"{col} vide.")
        flag(values.isna() & ~empty, col, lambda i, c=col: f"{c} non numérique « {frame.at[i, c]} ».")
    outside = ~inside_france(lat.to_numpy(), lon.to_numpy()) & lat.notna() & lon.notna()
    swapped_ok = inside_france(lon.to_numpy(), lat.to_numpy())

    def outside_message(i) -> str:
        text = f"coordonnées ({lat[i]}, {lon[i]}) hors de la France et des outre-mer"
        if swapped_ok[frame.index.get_loc(i)]:
            text += " : latitude et longitude semblent inversées"
        return text + "."

    flag(pd.Series(outside, index=frame.index), "latitude", outside_message)

    first_row = {}
    duplicate = pd.Series(False, index=frame.index)
    for idx, ident in frame.loc[~bad, "id_fs"].items():
        if ident in first_row:
            duplicate[idx] = True
        else:
            first_row[ident] = int(frame.at[idx, "row"])

    def duplicate_message(i) -> str:
        ident = frame.at[i, "id_fs"]
        return f"identifiant « {ident} » en double (déjà vu ligne {first_row[ident]})."

    flag(duplicate, "id_fs", duplicate_message)

    frame["latitude"] = lat
    frame["longitude"] = lon
    valid = frame.loc[~bad].reset_index(drop=True)
    problems.sort(key=lambda p: (p.row or 0))
    return valid, problems


def read_sites(data: bytes, name: str = "fichier") -> tuple[pd.DataFrame, Report]:
    """Validate the bytes of a site list: the valid rows, and the report.

    Never raises for bad content: a rejected file gives an empty frame and a
    report whose ``file_errors`` say why, in French.
    """
    report = Report(file=name)
    try:
        if len(data) > MAX_FILE_BYTES:
            raise SitesFileError(
                f"Le fichier « {name} » est trop volumineux ({len(data) // 1_048_576} Mo, "
                f"maximum {MAX_FILE_BYTES // 1_048_576} Mo)."
            )
        text, report.encoding = _decode(data, name)
        report.separator = _sniff_separator(text)
        header, records, rows, problems = _parse(text, name, report.separator)
        report.problems.extend(problems)
        absent = _check_columns(header, name)
        if absent:
            report.problems.append(Problem(None, None, "colonne(s) facultative(s) absente(s), laissée(s) vide(s) : "
                                           + ", ".join(absent) + ".", "avertissement"))
        report.rows = len(records) + sum(1 for p in problems if p.row is not None)
        frame = pd.DataFrame(records, columns=header, dtype=str) if records else pd.DataFrame(columns=header)
        for col in absent:
            frame[col] = ""
        frame = frame[list(COLUMNS)].copy()
        frame["row"] = rows
        if frame.empty:
            raise SitesFileError(f"Le fichier « {name} » ne contient aucune ligne de données.")
        valid, problems = _validate_frame(frame)
        report.problems.extend(problems)
        report.problems.sort(key=lambda p: (p.row is not None, p.row or 0))
        report.valid = len(valid)
        if valid.empty:
            raise SitesFileError(f"Le fichier « {name} » ne contient aucune ligne valide.")
        return valid, report
    except SitesFileError as exc:
        report.file_errors.append(str(exc))
        report.valid = 0
        return empty_sites(), report


def load_sites(path: str | Path) -> tuple[pd.DataFrame, Report]:
    """Read and validate a site list file (see ``read_sites``)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        report = Report(file=path.name, file_errors=[f"Impossible de lire « {path} » : {exc.strerror}."])
        return empty_sites(), report
    return read_sites(data, path.name)

