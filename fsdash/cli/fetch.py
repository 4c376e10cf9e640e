"""``python -m fsdash fetch``: download the official files into the data folder,
and with ``--import`` make the new site list the dashboard's current version."""

from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path
from typing import IO

from fsdash.cli.sites import add_fetch_import_options
from fsdash.domain.formatting import human_size, number
from fsdash.domain.settings import get_settings
from fsdash.inputs.download import DEFAULT_TIMEOUT, TextProgress
from fsdash.inputs.fetch import Source, fetch_all
from fsdash.inputs.provenance import PROVENANCE_FILENAME, Downloaded


def _timeout(value: str) -> float:
    try:
        seconds = float(value.replace(",", "."))
    except ValueError:
        seconds = -1.0
    if not seconds > 0 or seconds == float("inf"):
        raise argparse.ArgumentTypeError(f"délai invalide « {value} » : un nombre de secondes positif est attendu")
    return seconds


class _HelpFormatter(argparse.HelpFormatter):
    """Does not break lines at hyphens, so that URLs stay whole (copy and paste)."""

    def _split_lines(self, text, width):
        return textwrap.wrap(self._whitespace_matcher.sub(" ", text).strip(), width, break_on_hyphens=False,
                             break_long_words=False)


def register(subparsers) -> None:
    settings = get_settings()
    parser = subparsers.add_parser(
        "fetch",
        formatter_class=_HelpFormatter,
        help="télécharger les fichiers officiels (liste des France services, contours des départements)",
        description=(
            "Télécharge la liste officielle des France services et les contours des départements "
            "depuis leurs adresses officielles, dans le dossier des données. Chaque fichier est "
            "vérifié avant de remplacer le précédent : un téléchargement échoué ou invalide laisse "
            f"le fichier précédent intact. La provenance est notée dans « {PROVENANCE_FILENAME} »."
        ),
    )
    parser.add_argument("--dossier", metavar="DOSSIER", type=Path, default=None,
                        help=f"dossier des données (par défaut : {settings.data_dir}, "
                             "variable FSDASH_DATA_DIR)")
    parser.add_argument("--sites-url", metavar="URL", default=None,
                        help=f"adresse de la liste des France services (par défaut : {settings.sites_url})")
    parser.add_argument("--contours-url", metavar="URL", default=None,
                        help=f"adresse des contours des départements (par défaut : {settings.contours_url})")
    parser.add_argument("--timeout", metavar="SECONDES", type=_timeout, default=DEFAULT_TIMEOUT,
                        help=f"délai d'attente du réseau en secondes (par défaut : {number(DEFAULT_TIMEOUT)})")
    # ``--import``, ``--auteur``, ``--oui``, ``--max``: import the downloaded site list as a version.

    add_fetch_import_options(parser)
    parser.set_defaults(handler=run)


def _success_line(result: Downloaded, source: Source) -> str:
    details = result.details
    counts = ""
    if "rows" in details:
        counts = f"{number(details['rows'])} lignes, {number(details.get('valid', 0))} valides, "
    elif "departements" in details:
        counts = f"{number(details['departements'])} départements, "
    same = " (identique au fichier précédent)" if result.unchanged else ""
    return (f"« {result.path.name} » ({source.label}) enregistré : {counts}{human_size(result.size)}, "
            f"depuis {result.final_url or result.url}{same}.")


def run(args: argparse.Namespace, out: IO[str] | None = None, err: IO[str] | None = None) -> int:
    out = out if out is not None else sys.stdout
    err = err if err is not None else sys.stderr
    settings = get_settings()
    data_dir = args.dossier or settings.data_dir
    urls = {"sites": args.sites_url or settings.sites_url,
            "contours": args.contours_url or settings.contours_url}
    try:
        outcomes = fetch_all(data_dir, urls, timeout=args.timeout,
                             progress=lambda name: TextProgress(name, stream=err))
    except KeyboardInterrupt:
        print("Téléchargement interrompu. Un fichier en cours de téléchargement n'a pas été enregistré ; "
              f"voir « {Path(data_dir) / PROVENANCE_FILENAME} » pour les fichiers déjà mis à jour.", file=err)
        return 130
    for outcome in outcomes:
        if outcome.ok:
            print(_success_line(outcome.result, outcome.source), file=out)
            if outcome.result.provenance_error:
                print(f"Attention : {outcome.result.provenance_error}.", file=err)
        else:
            print(str(outcome.error), file=err)
    succeeded = [o.source.filename for o in outcomes if o.ok]
    failed = [o.source.filename for o in outcomes if not o.ok]
    if not failed:
        print(f"Fichiers à jour dans « {data_dir} ».", file=out)
        code = 0
    else:
        if succeeded:
            print("Mise à jour partielle : " + ", ".join(f"« {n} »" for n in succeeded) + " mis à jour ; "
                  + ", ".join(f"« {n} »" for n in failed) + " en échec.", file=err)
        else:
            print("Aucun fichier n'a été mis à jour.", file=err)
        code = 1
    if getattr(args, "import_sites", False):
        from fsdash.cli.sites import import_after_fetch

        code = max(code, import_after_fetch(args, outcomes, out=out, err=err))
    return code
