"""``python -m fsdash check-sites``, ``import-sites FICHIER``, ``site-versions`` and ``fetch --import``.

An import validates the file (the report of ``read_sites``), prints its
difference with the current version (sites added, removed, changed field by
field), then asks for confirmation; only a confirmed import becomes the current
version, in one transaction (``fsdash.site_versions``). Exit codes: 0 imported,
nothing to import, or simulation; 1 file refused or import failed; 3 import not
confirmed (the current version is unchanged).

Writes act as ``rights.operator``: the person at the server's command line, an
administrator named after the system user (or ``--auteur``).

Heavy modules (pandas, SQLAlchemy) are imported inside the handlers.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import IO

from fsdash.cli.common import database, operator

EXIT_OK = 0
EXIT_REFUSED = 1
EXIT_CANCELLED = 3
YES = ("o", "oui", "y", "yes")


def _max_rows(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        raise argparse.ArgumentTypeError(f"nombre invalide « {value} » : un entier positif ou nul est attendu")
    return number


def _confirmation_options(parser, what: str) -> None:
    parser.add_argument("--auteur", default=None,
                        help="nom enregistré dans l'historique des versions, avec l'utilisateur système "
                             "(défaut : utilisateur système)")
    parser.add_argument("--oui", action="store_true", help=f"{what} sans demander de confirmation")
    parser.add_argument("--max", type=_max_rows, default=20, metavar="N",
                        help="nombre maximal de lignes affichées par tableau (défaut : 20)")


def register(subparsers) -> None:
    check = subparsers.add_parser(
        "check-sites", help="valider une liste de sites France services (CSV)",
        description="Valide une liste de sites France services et affiche le rapport. "
                    "Code de sortie 0 si le fichier est utilisable, 1 s'il est refusé.",
    )
    check.add_argument("file", metavar="FICHIER", help="fichier CSV à valider")
    check.add_argument("--json", action="store_true", help="afficher le rapport en JSON")
    check.add_argument("--max", type=int, default=50, help="nombre maximal de problèmes affichés (texte)")
    check.set_defaults(handler=check_sites)

    parser = subparsers.add_parser(
        "import-sites", help="importer une nouvelle liste des sites (différence, puis confirmation)",
        description="Valide une liste des sites France services (CSV), affiche sa différence avec la version "
                    "courante (sites ajoutés, supprimés, modifiés champ par champ), puis demande confirmation. "
                    "Seul un import confirmé devient la version courante ; les versions précédentes sont "
                    "conservées (voir site-versions). Code de sortie : 0 importé ou rien à importer, "
                    "1 fichier refusé ou échec, 3 import non confirmé.",
    )
    parser.add_argument("file", metavar="FICHIER", help="fichier CSV de la liste des sites")
    parser.add_argument("--simulation", action="store_true",
                        help="afficher la validation et la différence sans rien importer")
    _confirmation_options(parser, "importer")
    parser.set_defaults(handler=run_import)

    versions = subparsers.add_parser(
        "site-versions", help="lister les versions de la liste des sites, ou revenir à une version antérieure",
        description="Liste les versions de la liste des sites enregistrées et l'historique des changements. "
                    "Avec --retour N, la version n° N redevient la version courante (après affichage de la "
                    "différence et confirmation) ; rien n'est supprimé.",
    )
    versions.add_argument("--retour", type=int, metavar="N", default=None,
                          help="rendre courante la version n° N")
    _confirmation_options(versions, "revenir à la version")
    versions.set_defaults(handler=run_versions)


def add_fetch_import_options(parser) -> None:
    """Options of ``fetch`` for importing the downloaded site list (called by ``fsdash.fetch``)."""
    parser.add_argument("--import", dest="import_sites", action="store_true",
                        help="après le téléchargement, importer la liste des sites comme nouvelle version "
                             "courante du tableau de bord : la différence avec la version courante est "
                             "affichée, puis confirmée (comme import-sites)")
    _confirmation_options(parser, "importer")


# --------------------------------------------------------------------------- text output


def _cut(lines: list[str], total: int, max_rows: int) -> list[str]:
    shown = lines[:max_rows]
    if total > len(shown):
        shown.append(f"    … et {total - len(shown)} autre(s) (--max pour en voir plus).")
    return shown


def describe(candidate, max_rows: int = 20) -> list[str]:
    """The validation report and the difference, as French lines."""
    from fsdash.domain.formatting import number
    from fsdash.inputs.differences import CATEGORIES

    report = candidate.report
    lines = [report.summary()]
    problems = report.problems
    lines += _cut([f"  [{p.level}] {p}" for p in problems[:max_rows]], len(problems), max_rows)
    if candidate.rejected:
        return lines
    base = candidate.base
    if base is None:
        lines.append("Aucune version courante : cette liste deviendra la première version.")
    else:
        lines.append(f"Version courante : {base.label()}.")
    if candidate.identical:
        lines.append("Ce fichier est identique à la version courante : rien à importer.")
        return lines
    diff = candidate.diff
    counts = diff.counts()
    lines.append("Différence avec la version courante : " + diff.summary())
    lines.append(f"  sites ajoutés : {number(counts['ajoutes'])}")
    lines.append(f"  sites supprimés : {number(counts['supprimes'])}")
    lines.append(f"  sites modifiés : {number(counts['modifies'])}")
    for key, (label, _) in CATEGORIES.items():
        if counts[key]:
            lines.append(f"    dont {label.lower()} : {number(counts[key])}")
    warning = diff.removal_warning()
    if warning:
        lines.append(warning)
    for title, table in (("Sites ajoutés", diff.added), ("Sites supprimés", diff.removed)):
        if table.empty:
            continue
        lines.append(f"{title} ({number(len(table))}) :")
        rows = [f"  - {s.id_fs} [{s.insee_dep}] {s.lib_fs} ({s.lib_com or 'commune non renseignée'})"
                for s in table.head(max_rows).itertuples()]
        lines += _cut(rows, len(table), max_rows)
    for key, (label, _) in CATEGORIES.items():
        table = diff.category_table(key)
        if table.empty:
            continue
        lines.append(f"{label} ({number(counts[key])} site(s)) :")
        rows = []
        for c in table.head(max_rows).itertuples():
            distance = "" if c.distance_m != c.distance_m else f", {number(c.distance_m)} m"
            rows.append(f"  - {c.id_fs} [{c.insee_dep}] {c.lib_fs} : {c.champ} « {c.avant} » → « {c.apres} »"
                        f"{distance}")
        lines += _cut(rows, len(table), max_rows)
    return lines


def _confirm(question: str, assume_yes: bool, inp: IO[str] | None, out: IO[str], err: IO[str]) -> bool:
    if assume_yes:
        return True
    if inp is None:
        inp = sys.stdin
        if not inp.isatty():
            print("Pas de terminal pour confirmer : relancez avec --oui pour confirmer, "
                  "ou avec --simulation pour seulement voir la différence.", file=err)
            return False
    print(f"{question} [o/N] ", end="", file=out, flush=True)
    answer = inp.readline()
    return answer.strip().lower() in YES


# --------------------------------------------------------------------------- flows


def _ensure_first_version(engine) -> None:
    """As the dashboard does on first start: the file in the data folder becomes version 1."""
    from fsdash.domain.settings import get_settings
    from fsdash.inputs.provenance import read_provenance
    from fsdash.storage import site_imports

    settings = get_settings()
    site_imports.ensure_initial_version(engine, settings.sites_path,
                                         read_provenance(settings.data_dir).get(settings.sites_path.name))


def import_bytes(engine, data: bytes, name: str, *, source: str, user, max_rows: int, assume_yes: bool,
                 simulation: bool = False, url: str | None = None, extract_date=None,
                 out: IO[str], err: IO[str], inp: IO[str] | None = None) -> int:
    """Validate, print the difference, confirm, import as ``user`` (an ``rights.User``).
    Shared by ``import-sites`` and ``fetch --import``."""
    from fsdash.storage import site_imports, site_versions

    candidate = site_imports.prepare(engine, data, name)
    for line in describe(candidate, max_rows):
        print(line, file=out)
    unchanged = ("la version courante est inchangée" if candidate.base is None
                 else f"la version courante (n° {candidate.base.id}) est inchangée")
    if candidate.rejected:
        print(f"Fichier refusé : {unchanged}.", file=err)
        return EXIT_REFUSED
    if candidate.identical:
        return EXIT_OK
    if simulation:
        print(f"Simulation : rien n'a été importé, {unchanged}.", file=out)
        return EXIT_OK
    if not _confirm("Importer cette liste comme nouvelle version courante ?", assume_yes, inp, out, err):
        print(f"Import annulé : {unchanged}.", file=err)
        return EXIT_CANCELLED
    try:
        version = site_imports.import_candidate(engine, candidate, source=source, user=user, url=url,
                                                 extract_date=extract_date)
    except (site_versions.VersionError, PermissionError) as exc:
        print(str(exc), file=err)
        return EXIT_REFUSED
    print(f"Version {version.label()} : c'est désormais la version courante.", file=out)
    return EXIT_OK


def run_import(args: argparse.Namespace, out: IO[str] | None = None, err: IO[str] | None = None,
               inp: IO[str] | None = None) -> int:
    from fsdash.storage import site_versions

    out = out if out is not None else sys.stdout
    err = err if err is not None else sys.stderr
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        print(f"Impossible de lire « {path} » : {exc.strerror or exc}. La version courante est inchangée.", file=err)
        return EXIT_REFUSED
    engine = database()
    _ensure_first_version(engine)
    return import_bytes(engine, data, path.name, source=site_versions.SOURCE_CLI, user=operator(args.auteur),
                        max_rows=args.max, assume_yes=args.oui, simulation=args.simulation,
                        out=out, err=err, inp=inp)


def import_after_fetch(args: argparse.Namespace, outcomes, out: IO[str], err: IO[str],
                       inp: IO[str] | None = None) -> int:
    """``fetch --import``: import the site list just downloaded, as ``import-sites`` does."""
    from datetime import datetime

    from fsdash.storage import site_versions

    outcome = next((o for o in outcomes if o.source.key == "sites"), None)
    if outcome is None or not outcome.ok:
        print("Import impossible : la liste des sites n'a pas été téléchargée ; la version courante est inchangée.",
              file=err)
        return EXIT_REFUSED
    result = outcome.result
    try:
        data = result.path.read_bytes()
    except OSError as exc:
        print(f"Impossible de lire « {result.path} » : {exc.strerror or exc}. La version courante est inchangée.",
              file=err)
        return EXIT_REFUSED
    try:
        fetched = datetime.fromisoformat(result.fetched_at).date()
    except (TypeError, ValueError):
        fetched = None
    print("Import de la liste téléchargée :", file=out)
    # No first version from the local file here: the download has just replaced it.
    return import_bytes(database(), data, result.path.name, source=site_versions.SOURCE_DOWNLOAD,
                        user=operator(getattr(args, "auteur", None)), max_rows=getattr(args, "max", 20),
                        assume_yes=getattr(args, "oui", False), url=result.final_url or result.url,
                        extract_date=fetched, out=out, err=err, inp=inp)


def run_versions(args: argparse.Namespace, out: IO[str] | None = None, err: IO[str] | None = None,
                 inp: IO[str] | None = None) -> int:
    from fsdash.domain import formatting
    from fsdash.inputs.differences import diff_sites
    from fsdash.storage import site_imports, site_versions

    out = out if out is not None else sys.stdout
    err = err if err is not None else sys.stderr
    engine = database()
    _ensure_first_version(engine)
    current = site_versions.current_version(engine)
    if args.retour is None:
        versions = site_versions.list_versions(engine)
        if not versions:
            print("Aucune version de la liste des sites n'est enregistrée.", file=out)
            return EXIT_OK
        print(f"{len(versions)} version(s) de la liste des sites (la plus récente en premier) :", file=out)
        for v in versions:
            mark = " [courante]" if current is not None and v.id == current.id else ""
            print(f"  {v.label()}, SHA-256 {v.sha256[:12]}…{mark}", file=out)
        print("Historique :", file=out)
        for row in site_versions.history(engine).head(args.max).itertuples():
            print(f"  {formatting.moment(row.changed_at)} – {site_versions.ACTION_LABELS.get(row.action, row.action)}"
                  f" (version n° {row.version_id}) par {row.author} : {row.summary}", file=out)
        return EXIT_OK
    try:
        target = site_versions.get_version(engine, args.retour)
        if current is not None and target.id == current.id:
            raise site_versions.VersionError(f"La version n° {target.id} est déjà la version courante.")
        if current is None:
            raise site_versions.VersionError("Aucune version courante : importez d'abord une liste des sites.")
        diff = diff_sites(site_versions.load_version(engine, current.id)[0],
                          site_versions.load_version(engine, target.id)[0])
        print(f"Version courante : {current.label()}.", file=out)
        print(f"Retour à la version {target.label()}.", file=out)
        print("Différence : " + diff.summary(), file=out)
        warning = diff.removal_warning()
        if warning:
            print(warning, file=out)
        if not _confirm(f"Rendre courante la version n° {target.id} ?", args.oui, inp, out, err):
            print(f"Retour annulé : la version courante (n° {current.id}) est inchangée.", file=err)
            return EXIT_CANCELLED
        site_imports.rollback(engine, target.id, operator(args.auteur), expected_current=current.id)
    except (site_versions.VersionError, PermissionError) as exc:
        print(str(exc), file=err)
        return EXIT_REFUSED
    print(f"La version n° {target.id} est de nouveau la version courante.", file=out)
    return EXIT_OK


def check_sites(args) -> int:
    from fsdash.domain.settings import get_settings
    from fsdash.inputs.contour_check import add_contour_warnings
    from fsdash.inputs.contours import ContoursFileError, load_contours
    from fsdash.inputs.sites import load_sites

    frame, report = load_sites(args.file)
    contours_path = get_settings().contours_path
    if not report.rejected and contours_path.exists():
        try:
            add_contour_warnings(frame, report, load_contours(contours_path))
        except ContoursFileError as exc:
            print(f"Avertissement : contours non vérifiés ({exc})", file=sys.stderr)
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        return 1 if report.rejected else 0
    print(report.summary())
    shown = report.problems[: args.max]
    for problem in shown:
        print(f"  [{problem.level}] {problem}")
    if len(report.problems) > len(shown):
        print(f"  … et {len(report.problems) - len(shown)} autre(s) problème(s) (--json pour la liste complète).")
    if not report.rejected:
        print(f"{frame['insee_dep'].nunique()} codes département, {len(frame)} sites utilisables.")
    return 1 if report.rejected else 0
