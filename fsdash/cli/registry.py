"""``python -m fsdash statuses`` and ``demo``: the registry of facilitators as a file, and demonstration data.

Writes act as ``rights.operator``: the person at the server's command line, an
administrator named after the system user (or ``--auteur`` / ``FSDASH_AUTHOR``).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from fsdash.cli.common import database, operator
from fsdash.inputs import statuses_file
from fsdash.storage import demo, registry, registry_io


def register(subparsers) -> None:
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


def statuses_export(args) -> int:
    path = Path(args.file)
    engine = database()
    registry_io.write_file(engine, path, operator(None), personal=args.personal)
    print(f"Registre écrit dans « {path} » ({len(registry.all_records(engine))} départements).")
    return 0


def statuses_import(args) -> int:
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        print(f"Impossible de lire « {path} » : {exc.strerror}.", file=sys.stderr)
        return 1
    parsed = statuses_file.read_statuses(data, path.name)
    if not parsed.ok:
        print(f"Fichier « {path.name} » refusé, rien n'a été modifié ({len(parsed.errors)} erreur(s)) :",
              file=sys.stderr)
        for problem in parsed.errors:
            print(f"  {problem}", file=sys.stderr)
        return 1
    engine = database()
    changes = registry_io.import_statuses(engine, parsed, operator(args.auteur))
    fields = sum(len(c.fields) for c in changes)
    print(f"Import de « {path.name} » : {len(parsed.values)} lignes lues, {len(changes)} département(s) "
          f"modifié(s), {fields} champ(s) changé(s).")
    return 0


def load_demo(args) -> int:
    engine = database()
    if args.effacer:
        demo.clear_demo(engine, operator(os.environ.get("FSDASH_AUTHOR")))
        print("Registre remis à « non renseigné » pour les 102 territoires ; données de démonstration retirées.")
        return 0
    demo.load_demo(engine, operator(os.environ.get("FSDASH_AUTHOR")))
    counts = registry.all_records(engine)["statut"].value_counts()
    print("Données de démonstration chargées : "
          + ", ".join(f"{n} « {s} »" for s, n in counts.items())
          + ". Le tableau de bord affiche un bandeau « données de démonstration ».")
    return 0
