"""Subcommands over the data and the registry: check-sites, statuses, demo.

Writes act as ``access.operator``: the person at the server's command line, an
administrator named after the system user (or ``--auteur`` / ``FSDASH_AUTHOR``).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from fsdash.domain.settings import get_settings
from fsdash.inputs.contour_check import add_contour_warnings
from fsdash.inputs.contours import ContoursFileError, load_contours
from fsdash.inputs.sites import load_sites
from fsdash.storage import access, registry
from fsdash.storage import registry_io as statuses_io
from fsdash.storage.engine import get_engine


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

    statuses = subparsers.add_parser(
        "statuses", help="exporter ou importer le registre des animateurs (CSV ou XLSX)",
        description="Le registre des animateurs départementaux, une ligne par département.",
    )
    actions = statuses.add_subparsers(dest="action", metavar="ACTION", parser_class=type(statuses))
    actions.required = True
    export = actions.add_parser("export", help="écrire le registre dans un fichier .csv ou .xlsx")
    export.add_argument("file", metavar="FICHIER")
    export.add_argument("--avec-donnees-personnelles", action="store_true", dest="personal",
                        help="inclure nom, courriel et téléphone des animateurs")
    export.set_defaults(handler=statuses_export)
    imp = actions.add_parser("import", help="importer un fichier .csv ou .xlsx (tout ou rien)")
    imp.add_argument("file", metavar="FICHIER")
    imp.add_argument("--auteur", default=None,
                     help="nom enregistré dans l'historique, avec l'utilisateur système (défaut : utilisateur système)")
    imp.set_defaults(handler=statuses_import)

    demo = subparsers.add_parser(
        "demo", help="remplir le registre avec des données de démonstration",
        description="73 départements à mi-temps (comme en juin 2023), les autres sans animateur. "
                    "Le tableau de bord affiche un bandeau « données de démonstration ».",
    )
    demo.add_argument("--effacer", action="store_true",
                      help="remettre tous les départements à « non renseigné » et retirer le bandeau")
    demo.set_defaults(handler=load_demo)


def _operator(name: str | None) -> access.User:
    return access.operator((name or "").strip() or None)


def check_sites(args) -> int:
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


def statuses_export(args) -> int:
    path = Path(args.file)
    engine = get_engine(get_settings().database_url)
    statuses_io.write_file(engine, path, _operator(None), personal=args.personal)
    print(f"Registre écrit dans « {path} » ({len(registry.all_records(engine))} départements).")
    return 0


def statuses_import(args) -> int:
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        print(f"Impossible de lire « {path} » : {exc.strerror}.", file=sys.stderr)
        return 1
    parsed = statuses_io.read_statuses(data, path.name)
    if not parsed.ok:
        print(f"Fichier « {path.name} » refusé, rien n'a été modifié ({len(parsed.errors)} erreur(s)) :",
              file=sys.stderr)
        for problem in parsed.errors:
            print(f"  {problem}", file=sys.stderr)
        return 1
    engine = get_engine(get_settings().database_url)
    changes = statuses_io.import_statuses(engine, parsed, _operator(args.auteur))
    fields = sum(len(c.fields) for c in changes)
    print(f"Import de « {path.name} » : {len(parsed.values)} lignes lues, {len(changes)} département(s) "
          f"modifié(s), {fields} champ(s) changé(s).")
    return 0


def load_demo(args) -> int:
    engine = get_engine(get_settings().database_url)
    if args.effacer:
        registry.clear_demo(engine, _operator(os.environ.get("FSDASH_AUTHOR")))
        print("Registre remis à « non renseigné » pour les 102 territoires ; données de démonstration retirées.")
        return 0
    registry.load_demo(engine, _operator(os.environ.get("FSDASH_AUTHOR")))
    counts = registry.all_records(engine)["statut"].value_counts()
    print("Données de démonstration chargées : "
          + ", ".join(f"{n} « {s} »" for s, n in counts.items())
          + ". Le tableau de bord affiche un bandeau « données de démonstration ».")
    return 0
