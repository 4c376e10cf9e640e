"""``python -m fsdash backup``, ``restore`` and ``purge``: looking after the database."""

from __future__ import annotations

import sys
from pathlib import Path

from fsdash.cli.common import database
from fsdash.storage.backup import BackupError, read_backup, restore, write_backup
from fsdash.storage.purge import PURGE_HISTORY_YEARS, PURGE_REFUSALS_YEARS, purge


def register(subparsers) -> None:
    _register_backup(subparsers)
    _register_purge(subparsers)


def _register_backup(subparsers) -> None:
    backup = subparsers.add_parser("backup", help="sauvegarder toute la base dans un fichier (JSON compressé)",
                                   description="Sauvegarde portable (SQLite ↔ PostgreSQL) de toutes les tables.")
    backup.add_argument("file", metavar="FICHIER", type=Path)
    backup.set_defaults(handler=_backup)
    restore_parser = subparsers.add_parser(
        "restore", help="remplacer le contenu de la base par une sauvegarde",
        description="Remplace tout le contenu de la base par celui de la sauvegarde, en une transaction.")
    restore_parser.add_argument("file", metavar="FICHIER", type=Path)
    restore_parser.add_argument("--oui", action="store_true", help="ne pas demander de confirmation")
    restore_parser.set_defaults(handler=_restore)


def _backup(args) -> int:
    counts = write_backup(database(), args.file)
    print(f"Sauvegarde écrite dans « {args.file} » : "
          + ", ".join(f"{name} {n}" for name, n in counts.items()) + ".")
    return 0


def _restore(args) -> int:
    try:
        document = read_backup(args.file)
    except BackupError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    if not args.oui:
        if not sys.stdin.isatty():
            print("Restauration refusée sans confirmation : ajoutez --oui.", file=sys.stderr)
            return 1
        answer = input("Tout le contenu actuel de la base sera remplacé. Continuer ? [oui/non] ")
        if answer.strip().lower() != "oui":
            print("Restauration annulée.")
            return 1
    try:
        counts = restore(database(), document)
    except BackupError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print(f"Base restaurée depuis « {args.file} » (sauvegarde du {document['created_at'][:10]}) : "
          + ", ".join(f"{name} {n}" for name, n in counts.items()) + ".")
    return 0


def _register_purge(subparsers) -> None:
    parser = subparsers.add_parser(
        "purge", help="appliquer les durées de conservation des données personnelles",
        description=f"Efface les valeurs personnelles et les auteurs des historiques de plus de "
                    f"{PURGE_HISTORY_YEARS} ans, le journal des refus de plus de {PURGE_REFUSALS_YEARS} an "
                    "et les comptes révoqués (ce que dit la page « Données personnelles »).")
    parser.set_defaults(handler=_purge)


def _purge(args) -> int:
    counts = purge(database())
    print(f"Purge : {counts['historique']} valeur(s) personnelle(s) effacée(s) de l'historique, "
          f"{counts['auteurs']} nom(s) d'auteur effacé(s), {counts['refus']} refus supprimé(s) du journal, "
          f"{counts['comptes']} compte(s) révoqué(s) supprimé(s).")
    return 0
