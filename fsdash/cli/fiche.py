"""``python -m fsdash fiche CODE FICHIER.pdf [--date AAAA-MM-JJ]``: a one-page PDF fiche.

``CODE`` is a département (``37``, ``2A``, ``971``, ``978``, or its name) or
``france`` for the national fiche. The command acts as the operator (an
administrator): a département's fiche holds its facilitator's name and contact.

``--date`` (default: today) describes the registry as in force that day (each
département's period whose date of effect is the latest on or before it) and the
site list that was current that day; the fiche says so.
"""

from __future__ import annotations

import re
import sys
from datetime import date, datetime
from pathlib import Path

NATIONAL = ("france", "national", "nationale")
IN_FORCE_NOTE = ("Situation en vigueur à cette date d'après les dates d'effet du registre (les changements "
                 "enregistrés depuis pour une date antérieure y figurent).")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


class FicheError(ValueError):
    """Input the command cannot use; the message is in French."""


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "fiche", help="écrire la fiche PDF d'un département, ou la fiche nationale (france)",
        description="Fiche d'une page au format PDF : statut et fiche de l'animateur, chiffres clés, carte, sites, "
                    "sources et date de génération. « france » donne la fiche nationale. La commande agit en "
                    "administrateur : la fiche d'un département contient les coordonnées de l'animateur.",
        epilog="Exemples : python -m fsdash fiche 37 fiche-37.pdf ; python -m fsdash fiche france france.pdf "
               "--date 2026-01-31",
    )
    parser.add_argument("code", metavar="CODE", help="code ou nom du département (37, 2A, 971, Hérault) ou « france »")
    parser.add_argument("file", metavar="FICHIER", type=Path, help="fichier PDF à écrire")
    parser.add_argument("--date", metavar="AAAA-MM-JJ", default=None,
                        help="situation du registre à cette date (défaut : aujourd'hui)")
    parser.set_defaults(handler=run)


# --------------------------------------------------------------------------- inputs


def today() -> date:
    from fsdash.domain.formatting import PARIS, now

    return now().astimezone(PARIS).date()


def parse_day(text: str | None, current: date) -> date:
    """``AAAA-MM-JJ`` → a date, not after ``current`` nor before the registry's earliest date."""
    from fsdash.domain import formatting
    from fsdash.domain.record_fields import DATE_MIN

    if text is None:
        return current
    value = text.strip()
    try:
        if not _DAY.fullmatch(value):
            raise ValueError
        day = date.fromisoformat(value)
    except ValueError:
        raise FicheError(f"Date invalide : « {text} » (format attendu AAAA-MM-JJ, par exemple 2024-01-31).") from None
    if day > current:
        raise FicheError(f"La date {formatting.day(day)} est dans le futur : le registre ne peut décrire que le "
                         f"passé (au plus tard aujourd'hui, {formatting.day(current)}).")
    if day < DATE_MIN:
        raise FicheError(f"La date {formatting.day(day)} est antérieure à la création de la fonction "
                         f"d'animateur départemental ({formatting.day(DATE_MIN)}).")
    return day


def target(code: str) -> str:
    """``france`` or a département's reference code."""
    from fsdash.domain.territories import find_departement, search_departements

    if code.strip().lower() in NATIONAL:
        return "france"
    found = find_departement(code)
    if found is not None:
        return found.code
    hits = search_departements(code)
    if hits:
        names = ", ".join(d.label for d in hits[:8]) + (" …" if len(hits) > 8 else "")
        raise FicheError(f"Plusieurs départements correspondent à « {code} » : {names}. Précisez.")
    raise FicheError(f"Département inconnu : « {code} ». Donnez un code (37, 2A, 971) ou un nom, ou « france ».")


def site_list(engine, day: date, current: date):
    """(sites, extract date text, notice) of the site list that was current at the end of ``day``."""
    from fsdash.domain import formatting
    from fsdash.domain.formatting import end_of_day
    from fsdash.domain.settings import get_settings
    from fsdash.inputs.provenance import read_provenance
    from fsdash.storage import site_imports, site_versions

    settings = get_settings()
    version = site_imports.ensure_initial_version(engine, settings.sites_path,
                                                  read_provenance(settings.data_dir).get(settings.sites_path.name))
    if version is None:
        raise FicheError(f"Liste des sites introuvable (ni version enregistrée, ni fichier "
                         f"« {settings.sites_path} ») : lancez « python -m fsdash fetch » ou importez une liste.")
    notice = ""
    history = site_versions.history(engine) if day < current else None
    if history is not None and len(history):
        before = history[history["changed_at"] < end_of_day(day)]
        if len(before):
            version = site_versions.get_version(engine, int(before.iloc[0]["version_id"]))
        else:
            version = site_versions.get_version(engine, int(history.iloc[-1]["version_id"]))
            notice = (f"Aucune liste des sites n'était chargée le {formatting.day(day)} : la fiche utilise la "
                      f"première version enregistrée (n° {version.id}).")
    sites, _report = site_versions.load_version(engine, version.id)
    extract = (formatting.day(version.extract_date) if version.extract_date is not None
               else f"date inconnue, version {version.id} chargée le {formatting.moment(version.created_at)}")
    return sites, extract, notice


def file_day(path: Path) -> str:
    """The date of a data file: from its name (``…-20240801…``), else its modification day."""
    from fsdash.domain import formatting
    from fsdash.domain.text import date_in_name

    found = date_in_name(path.name)
    if found is not None:
        return formatting.day(found)
    try:
        return formatting.day(datetime.fromtimestamp(path.stat().st_mtime).date())
    except OSError:
        return "date inconnue"


def sources(sites_extract: str, contours: Path | None, demo: bool) -> list[str]:
    """The citations, with the dates of the extracts, as the pages print them."""
    from fsdash.domain.sources import CONTOURS, REGISTRY, SITES

    lines = [f"{SITES.citation}, extrait du {sites_extract}."]
    if contours is not None:
        lines.append(f"{CONTOURS.citation}, fichier du {file_day(contours)}.")
    lines.append(REGISTRY.citation + (" (données de démonstration)." if demo else "."))
    return lines


# --------------------------------------------------------------------------- command


def build(code: str, day: date, current: date, generated_at: datetime) -> tuple[bytes, str]:
    """The PDF of ``code`` (``france`` or a département) as recorded at the end of ``day``,
    and a French description of it."""
    from fsdash.cli.common import database, operator
    from fsdash.domain import formatting
    from fsdash.domain import periods as timeline
    from fsdash.domain.settings import get_settings
    from fsdash.storage import periods, registry

    engine = database()
    settings = get_settings()
    contours = settings.contours_path if settings.contours_path.exists() else None
    sites, extract, sites_notice = site_list(engine, day, current)
    notices = [n for n in (sites_notice,) if n]
    if registry.is_demo(engine):
        notices.insert(0, "Données de démonstration : le registre contient un état fictif, ne pas utiliser ces "
                          "chiffres.")
    lines = sources(extract, contours, registry.is_demo(engine))
    if code == "france":  # the registry as in force that day (dates of effect)
        data = national(engine, day, current, sites, lines, generated_at, contours, notices)
        return data, f"fiche nationale au {formatting.day(day)}"
    records = registry.records_at(engine, day)  # dates of effect: the period in force that day
    if day < current:
        notices.append(IN_FORCE_NOTE)
    from fsdash.views.fiche_departement import departement_fiche

    flagged = None
    if contours is not None:
        from fsdash.inputs.contour_check import outside_contour
        from fsdash.inputs.contours import ContoursFileError, load_contours

        try:
            flagged = outside_contour(sites[sites["insee_dep"] == code], load_contours(contours))
        except ContoursFileError:
            flagged = None
    record = records.loc[records["departement"] == code].iloc[0].to_dict()
    data = departement_fiche(code, record, records, sites, operator(None), lines, generated_at, as_of=day,
                             contours=contours, flagged=flagged, notices=notices,
                             status_changes=timeline.changes(periods.periods(engine, code), code, day))
    return data, f"fiche du département {code} au {formatting.day(day)}"


def national(engine, day: date, current: date, sites, lines: list[str], generated_at: datetime, contours,
             notices: list[str]) -> bytes:
    """The national fiche of the registry as in force on ``day`` (dates of effect), with
    its progression up to that month and the points d'attention of that day."""
    from fsdash.storage import periods, registry
    from fsdash.views import attention, timeline
    from fsdash.views.fiche_national import national_fiche

    records, story = registry.records_at(engine, day), periods.periods(engine)
    found = attention.flags(records, story, registry.history(engine), day)
    return national_fiche(records, sites, lines, generated_at, as_of=day, contours=contours, notices=notices,
                          progression=timeline.fiche_progression(timeline.progression(story, current), day),
                          attention=attention.sentences(found))


def write(path: Path, data: bytes) -> None:
    """Write through a temporary file in the same folder, then rename: never half a PDF."""
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        temporary.write_bytes(data)
        temporary.replace(path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise FicheError(f"Impossible d'écrire « {path} » : {exc.strerror}.") from None


def run(args) -> int:
    from fsdash.domain import formatting

    try:
        current = today()
        day = parse_day(args.date, current)
        code = target(args.code)
        if not args.file.parent.is_dir():
            raise FicheError(f"Le dossier « {args.file.parent} » n'existe pas.")
        data, what = build(code, day, current, formatting.now())
        write(args.file, data)
    except FicheError as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return 2
    print(f"Fiche écrite dans « {args.file} » : {what}, {formatting.human_size(len(data))}.")
    return 0
