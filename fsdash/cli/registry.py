"""``python -m fsdash statuses`` and ``demo``: the registry of facilitators as a file, and demonstration data.

Writes act as ``rights.operator``: the person at the server's command line, an
administrator named after the system user (or ``--auteur`` / ``FSDASH_AUTHOR``).
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path

from fsdash.cli.common import database, operator
from fsdash.inputs import statuses_file
from fsdash.storage import demo, registry, registry_io
from fsdash.storage import periods as period_store


def register(subparsers) -> None:
    statuses = subparsers.add_parser(
        "statuses", help="exporter ou importer le registre des animateurs (CSV ou XLSX)",
        description="Le registre des animateurs départementaux, une ligne par département.",
    )
    actions = statuses.add_subparsers(dest="action", metavar="ACTION", parser_class=type(statuses))
    actions.required = True
    export = actions.add_parser("export", help="écrire le registre dans un fichier .csv ou .xlsx")
    export.add_argument("file", metavar="FICHIER")
    export.add_argument("--date", type=day_argument, default=None, metavar="AAAA-MM-JJ",
                        help="le registre en vigueur à cette date (défaut : aujourd'hui)")
    export.add_argument("--periodes", action="store_true", dest="long",
                        help="toutes les périodes, une ligne par période (format long, réimportable)")
    export.add_argument("--avec-donnees-personnelles", action="store_true", dest="personal",
                        help="inclure nom, courriel et téléphone des animateurs")
    export.set_defaults(handler=statuses_export)
    imp = actions.add_parser("import", help="importer un fichier .csv ou .xlsx (tout ou rien) : une ligne par "
                                            "département, ou une ligne par période (colonne date_effet)")
    imp.add_argument("file", metavar="FICHIER")
    imp.add_argument("--auteur", default=None,
                     help="nom enregistré dans l'historique, avec l'utilisateur système (défaut : utilisateur système)")
    imp.set_defaults(handler=statuses_import)

    demo = subparsers.add_parser(
        "demo", help="remplir le registre avec des données de démonstration",
        description="Une chronologie fictive : 73 départements à mi-temps au 30/06/2023, les 28 autres "
                    "recrutent à mi-temps de juillet à décembre 2023, les 101 à temps plein dès le 01/01/2024, "
                    "quelques postes vacants en 2025. Le tableau de bord affiche un bandeau "
                    "« données de démonstration ».",
    )
    demo.add_argument("--effacer", action="store_true",
                      help="remettre tous les départements à « non renseigné » et retirer le bandeau")
    demo.set_defaults(handler=load_demo)


def day_argument(text: str) -> date:
    """``--date AAAA-MM-JJ``, with a French message when unreadable."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"date illisible « {text} » (attendu AAAA-MM-JJ)") from None


def statuses_export(args) -> int:
    path = Path(args.file)
    engine = database()
    if args.long:
        registry_io.write_file(engine, path, operator(None), long=True)
        print(f"Périodes du registre écrites dans « {path} » ({len(period_store.periods(engine))} périodes).")
        return 0
    registry_io.write_file(engine, path, operator(None), personal=args.personal, day=args.date)
    day = args.date or period_store.today()
    print(f"Registre en vigueur le {day:%d/%m/%Y} écrit dans « {path} » "
          f"({len(registry.all_records(engine))} départements).")
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
    if parsed.long:
        count = sum(len(t) for t in (parsed.timelines or {}).values())
        print(f"Import de « {path.name} » : {count} période(s) de {len(parsed.timelines or {})} département(s) lues, "
              f"{len(changes)} département(s) modifié(s) aujourd'hui, {fields} champ(s) changé(s) aujourd'hui.")
        return 0
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
    print("Données de démonstration chargées (chronologie fictive). Aujourd'hui : "
          + ", ".join(f"{n} « {s} »" for s, n in counts.items())
          + ". Le tableau de bord affiche un bandeau « données de démonstration ».\n" + demo.DEMO_DETAILS)
    return 0
