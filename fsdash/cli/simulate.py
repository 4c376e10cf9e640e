"""``python -m fsdash simulate``: the budget simulator on the command line.

Starts from the registry, or from a statuses file (``--statuses``); every assumption
has an option. Prints a French table, or one JSON object with ``--json``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from fsdash.budget import results, simulator
from fsdash.budget.assumptions import (
    DEFAULT_DELAY,
    DEFAULT_EMPLOYER_COST,
    DEFAULT_END,
    DEFAULT_FULL,
    DEFAULT_HALF,
    DEFAULT_START,
    DEFAULT_SWITCH,
    AssumptionError,
    Assumptions,
    make_plan,
    month_label,
)
from fsdash.domain import formatting

NO_SWITCH = {"", "aucun", "aucune", "none", "non"}


class InputError(ValueError):
    """A statuses or sites file that cannot be used; French message."""


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "simulate",
        help="simuler le coût des postes d'animateurs pour l'État et les structures porteuses",
        description="Coût des postes d'animateurs départementaux, mois par mois, pour l'État et les "
                    "structures porteuses, comparé au statu quo. Chaque option est une hypothèse.",
        epilog="Exemple : python -m fsdash simulate --statuses statuts.csv --switch 2024-01 "
               "--wave \"Bretagne,R84:2024-06\" --wave 35:2024-03 --json",
    )
    add_arguments(parser)
    parser.set_defaults(handler=run)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--statuses", metavar="FICHIER", type=Path,
                        help="partir d'un fichier de statuts (CSV ou XLSX, colonnes departement et statut) "
                             "au lieu du registre")
    parser.add_argument("--start", metavar="AAAA-MM", default=DEFAULT_START,
                        help=f"début de l'horizon (défaut : {DEFAULT_START})")
    parser.add_argument("--end", metavar="AAAA-MM", default=DEFAULT_END,
                        help=f"fin de l'horizon (défaut : {DEFAULT_END})")
    parser.add_argument("--switch", metavar="AAAA-MM", default=DEFAULT_SWITCH,
                        help=f"passage à temps plein de tous les départements (défaut : {DEFAULT_SWITCH} ; "
                             "« aucun » pour ne garder que les vagues et les dates par département)")
    parser.add_argument("--wave", metavar="CODES:AAAA-MM", action="append", default=[],
                        help="une vague : départements (35) ou régions (nom ou code précédé de R : "
                             "Bretagne, R53) séparés par des virgules, et son mois ; répétable")
    parser.add_argument("--departement", metavar="CODE:AAAA-MM", action="append", default=[],
                        help="un mois propre à un département (prioritaire sur les vagues) ; répétable")
    parser.add_argument("--delay", metavar="MOIS", type=_integer, default=DEFAULT_DELAY,
                        help=f"délai de recrutement d'un département sans animateur (défaut : {DEFAULT_DELAY})")
    parser.add_argument("--half", metavar="EUROS", type=_number, default=DEFAULT_HALF,
                        help="contribution annuelle de l'État pour 0,5 ETP (défaut : 25000)")
    parser.add_argument("--full", metavar="EUROS", type=_number, default=DEFAULT_FULL,
                        help="contribution annuelle de l'État pour 1 ETP (défaut : 50000)")
    parser.add_argument("--employer-cost", metavar="EUROS", type=_number, default=DEFAULT_EMPLOYER_COST,
                        help="coût employeur chargé annuel d'1 ETP, hypothèse sans chiffre officiel "
                             "(défaut : 45000)")
    parser.add_argument("--pay-vacancy", action="store_true",
                        help="verser la contribution pendant la vacance, comme si le poste était pourvu")
    parser.add_argument("--sites", metavar="FICHIER", type=Path, default=None,
                        help="liste des sites France services pour le coût par site "
                             "(défaut : la liste du dossier de données, si elle existe)")
    parser.add_argument("--json", action="store_true", help="afficher un objet JSON au lieu du tableau")


def _integer(text: str) -> int:
    try:
        return int(str(text).strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"nombre entier attendu : « {text} »") from None


def _number(text: str) -> float:
    cleaned = str(text).replace("\u202f", "").replace("\xa0", "").replace(" ", "").replace("€", "")
    try:
        return float(cleaned.replace(",", "."))
    except ValueError:
        raise argparse.ArgumentTypeError(f"montant attendu : « {text} »") from None


def _split(value: str, option: str) -> tuple[list[str], str]:
    left, sep, month = value.rpartition(":")
    items = [item.strip() for item in left.split(",") if item.strip()]
    if not sep or not items:
        raise AssumptionError(f"{option} « {value} » : format attendu CODES:AAAA-MM (par exemple 35,56:2024-06).")
    return items, month.strip()


def assumptions_from_args(args: argparse.Namespace) -> Assumptions:
    switch = None if str(args.switch).strip().lower() in NO_SWITCH else args.switch
    per_departement: dict[str, str] = {}
    for value in args.departement:
        codes, month = _split(value, "--departement")
        per_departement.update(dict.fromkeys(codes, month))
    return Assumptions(
        start=args.start, end=args.end, switch=switch, per_departement=per_departement,
        waves=[_split(value, "--wave") for value in args.wave], delay_months=args.delay,
        half_amount=args.half, full_amount=args.full, employer_cost=args.employer_cost,
        pay_vacancy=args.pay_vacancy,
    )


# --------------------------------------------------------------------------- inputs


def statuses_from_file(path: Path) -> dict[str, str]:
    """Statuses from a CSV or XLSX file; ``InputError`` listing every problem."""
    from fsdash.inputs.statuses_file import read_statuses

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"Impossible de lire le fichier de statuts « {path} » : {exc.strerror or exc}.") from None
    parsed = read_statuses(data, path.name)
    if parsed.errors:
        lines = "\n".join(f"  - {problem}" for problem in parsed.errors)
        raise InputError(f"Le fichier de statuts « {path.name} » contient {len(parsed.errors)} erreur(s) :\n{lines}")
    return parsed.statuses()


def statuses_from_registry() -> dict[str, str]:
    from fsdash.domain.settings import get_settings
    from fsdash.storage.engine import get_engine
    from fsdash.storage.registry import current_statuses

    return current_statuses(get_engine(get_settings().database_url))


def site_counts(path: Path | None) -> dict[str, int] | None:
    """Sites per département from the site list (None when there is none)."""
    from fsdash.domain.settings import get_settings
    from fsdash.inputs.sites import SitesFileError, load_sites

    explicit = path is not None
    path = path or get_settings().sites_path
    if not path.exists():
        if explicit:
            raise InputError(f"Liste des sites introuvable : « {path} ».")
        return None
    try:
        frame, _report = load_sites(path)
    except SitesFileError as exc:
        if explicit:
            raise InputError(str(exc)) from None
        return None
    return frame["insee_dep"].value_counts().to_dict()


# --------------------------------------------------------------------------- output


def _number_out(value: float | None):
    if value is None:
        return None
    rounded = round(float(value), 2)
    return int(rounded) if rounded.is_integer() else rounded


def to_json(result: simulator.Result) -> dict:
    t = result.totals
    years = [
        {"year": int(row.year), "state": _number_out(row.state), "host": _number_out(row.host),
         "total": _number_out(row.total), "baseline_state": _number_out(row.baseline_state),
         "baseline_host": _number_out(row.baseline_host), "diff_state": _number_out(row.diff_state),
         "full_time_end": int(row.full_time_end)}
        for row in result.yearly.itertuples()
    ]
    return {
        "years": years,
        "total_state": _number_out(t["state"]),
        "total_host": _number_out(t["host"]),
        "total_baseline_state": _number_out(t["baseline_state"]),
        "total_baseline_host": _number_out(t["baseline_host"]),
        "total_diff_state": _number_out(t["diff_state"]),
        "first_full_month": t["first_full_month"],
        "first_full_year": t["first_full_year"],
        "departements": t["departements"],
        "sites": t["sites"],
        "state_per_site": _number_out(t["state_per_site"]),
        "assumptions": result.assumptions.to_dict(),
    }


def format_text(result: simulator.Result, source: str) -> str:
    lines = [
        "Simulation budgétaire : animateurs départementaux France services",
        f"Situation de départ : {source} ({results.situation_text(result.per_departement)})",
        "",
        "Hypothèses :",
        *(f"  {name} : {value}" for name, value in results.assumptions_table(result.assumptions).values),
        "",
        _table(result),
        "",
        *_headlines(result.totals),
    ]
    return "\n".join(lines)


def _table(result: simulator.Result) -> str:
    header = ["Année", "Coût État", "Structures porteuses", "Total", "Statu quo (État)", "Écart (État)"]
    keys = ("state", "host", "total", "baseline_state", "diff_state")
    rows = [[str(int(row["year"])), *(formatting.euros(row[k]) for k in keys)] for _, row in result.yearly.iterrows()]
    rows.append(["Total", *(formatting.euros(result.totals[k]) for k in keys)])
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    return "\n".join(
        "  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths)))
        for row in [header, *rows]
    )


def _headlines(t: dict) -> list[str]:
    if t["first_full_year"]:
        full = f"{t['first_full_year']} (tous à temps plein dès {month_label(t['first_full_month'])})"
    elif t["first_full_month"]:
        full = f"aucune année complète (tous à temps plein dès {month_label(t['first_full_month'])})"
    else:
        full = "jamais sur l'horizon"
    per_site = formatting.euros(t["state_per_site"]) if t["state_per_site"] is not None else "indisponible"
    sites = f" ({formatting.number(t['sites'])} sites)" if t["sites"] else ""
    return [
        f"Première année entièrement à temps plein : {full}",
        f"Coût pour l'État par site France services sur l'horizon : {per_site}{sites}",
    ]


# --------------------------------------------------------------------------- command


def run(args: argparse.Namespace) -> int:
    try:
        assumptions = assumptions_from_args(args)
        make_plan(assumptions)  # report bad assumptions before reading any file
        if args.statuses is not None:
            statuses, source = statuses_from_file(args.statuses), f"fichier « {args.statuses.name} »"
        else:
            statuses, source = statuses_from_registry(), "registre des animateurs"
        result = simulator.simulate(statuses, assumptions, site_counts(args.sites))
    except (AssumptionError, InputError) as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(to_json(result), ensure_ascii=False, indent=2))
    else:
        print(format_text(result, source))
    return 0
