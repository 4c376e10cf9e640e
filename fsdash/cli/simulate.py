"""``python -m fsdash simulate``: the budget simulator on the command line.

Starts from the registry's timeline, or from a statuses file (``--statuses``: one
status per département, or the long format with dated periods); every assumption
has an option, and the defaults follow today's date. Prints a French table, or one
JSON object with ``--json``.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

import pandas as pd

from fsdash.budget import results, simulator
from fsdash.budget.assumptions import (
    DEFAULT_DELAY,
    DEFAULT_EMPLOYER_COST,
    DEFAULT_FULL,
    DEFAULT_HALF,
    UNKNOWN_CHOICES,
    UNKNOWN_EXCLUDE,
    AssumptionError,
    Assumptions,
    for_today,
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
               "--wave \"Bretagne,R84:2024-06\" --wave 35:2024-03 --json. Référence : ce qui s'est passé "
               "(les périodes du registre jusqu'à la date d'arrêt), puis le statu quo ; « --switch aucun » sans "
               "autre changement redonne exactement la référence.",
    )
    add_arguments(parser)
    parser.set_defaults(handler=run)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--statuses", metavar="FICHIER", type=Path,
                        help="partir d'un fichier de statuts (CSV ou XLSX) au lieu du registre : colonnes "
                             "departement et statut (un statut par département, situation de départ), ou format "
                             "long avec date_effet AAAA-MM-JJ (une ligne par période)")
    parser.add_argument("--start", metavar="AAAA-MM", default=None,
                        help="début de l'horizon (défaut : janvier de l'année en cours)")
    parser.add_argument("--end", metavar="AAAA-MM", default=None,
                        help="fin de l'horizon (défaut : décembre, quatre ans après l'année en cours)")
    parser.add_argument("--switch", metavar="AAAA-MM", default=None,
                        help="passage à temps plein de tous les départements (défaut : le mois prochain ; "
                             "« aucun » pour ne garder que les vagues et les dates par département)")
    parser.add_argument("--cutoff", metavar="AAAA-MM-JJ", default=None,
                        help="date d'arrêt du réalisé : après elle, chacun garde son dernier statut "
                             "(défaut : aujourd'hui ; un fichier sans dates est une situation de départ)")
    parser.add_argument("--unknown", choices=UNKNOWN_CHOICES, default=UNKNOWN_EXCLUDE,
                        help="territoires « non renseignés » : les laisser de côté (exclure, défaut) ou les "
                             "compter comme sans animateur (aucun)")
    parser.add_argument("--contributions-from", metavar="AAAA-MM:DEMI:PLEIN", action="append", default=[],
                        help="nouvelles contributions annuelles de l'État pour 0,5 et 1 ETP à partir d'un mois "
                             "(par exemple 2026-01:22500:45000) ; répétable")
    parser.add_argument("--back-to-half", metavar="CODES:AAAA-MM", action="append", default=[],
                        help="retour à mi-temps de départements ou de régions à partir d'un mois ; répétable")
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


def _contributions(value: str) -> tuple[str, float, float]:
    parts = value.split(":")
    try:
        month, half, full = parts
        return month.strip(), _number(half), _number(full)
    except (ValueError, argparse.ArgumentTypeError):
        raise AssumptionError(f"--contributions-from « {value} » : format attendu AAAA-MM:DEMI:PLEIN "
                              "(par exemple 2026-01:22500:45000).") from None


def assumptions_from_args(args: argparse.Namespace, today: date | None = None) -> Assumptions:
    defaults = for_today(today or date.today())
    switch = defaults.switch if args.switch is None else args.switch
    switch = None if str(switch).strip().lower() in NO_SWITCH else switch
    per_departement: dict[str, str] = {}
    for value in args.departement:
        codes, month = _split(value, "--departement")
        per_departement.update(dict.fromkeys(codes, month))
    return Assumptions(
        start=args.start or defaults.start, end=args.end or defaults.end, switch=switch,
        per_departement=per_departement, waves=[_split(value, "--wave") for value in args.wave],
        delay_months=args.delay, half_amount=args.half, full_amount=args.full, employer_cost=args.employer_cost,
        pay_vacancy=args.pay_vacancy, cutoff=args.cutoff, unknown_treatment=args.unknown,
        contribution_changes=[_contributions(v) for v in args.contributions_from],
        half_time_returns=[_split(v, "--back-to-half") for v in args.back_to_half],
    )


# --------------------------------------------------------------------------- inputs


def statuses_from_file(path: Path) -> dict[str, str] | pd.DataFrame:
    """Statuses from a CSV or XLSX file: one per département (a dict), or dated periods
    in the long format (a periods table); ``InputError`` listing every problem."""
    from fsdash.inputs.statuses_file import read_statuses

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"Impossible de lire le fichier de statuts « {path} » : {exc.strerror or exc}.") from None
    parsed = read_statuses(data, path.name)
    if parsed.errors:
        lines = "\n".join(f"  - {problem}" for problem in parsed.errors)
        raise InputError(f"Le fichier de statuts « {path.name} » contient {len(parsed.errors)} erreur(s) :\n{lines}")
    return parsed.periods_frame() if parsed.long else parsed.statuses()


def statuses_from_registry() -> pd.DataFrame:
    """The registry's timeline (its periods)."""
    from fsdash.budget.timeline import registry_periods
    from fsdash.domain.settings import get_settings
    from fsdash.storage.engine import get_engine

    return registry_periods(get_engine(get_settings().database_url))


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
        "cutoff": t["cutoff"],
        "unknown_treatment": t["unknown"],
        "unknown_territories": t["unknown_territories"],
        "left_out": t["left_out"],
        "total_diff_host": _number_out(t["diff_host"]),
    }


def format_text(result: simulator.Result, source: str) -> str:
    lines = [
        "Simulation budgétaire : animateurs départementaux France services (hypothèses, pas des chiffres "
        "officiels)",
        f"Référence : {source}, {results.reference_text(result.totals)} "
        f"({results.situation_text(result.per_departement)})",
        results.unknown_text(result.totals),
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
    header = ["Année", "Coût État", "Structures porteuses", "Total", "Référence (État)", "Écart (État)"]
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
        full = f"{t['first_full_year']} (dans ce scénario, tous à temps plein dès {month_label(t['first_full_month'])})"
    elif t["first_full_month"]:
        full = f"aucune année complète (dans ce scénario, tous à temps plein dès {month_label(t['first_full_month'])})"
    else:
        full = "jamais sur l'horizon dans ce scénario"
    per_site = formatting.euros(t["state_per_site"]) if t["state_per_site"] is not None else "indisponible"
    sites = f" ({formatting.number(t['sites'])} sites)" if t["sites"] else ""
    return [
        f"Première année entièrement à temps plein : {full}",
        f"Coût pour l'État par site France services sur l'horizon : {per_site}{sites}",
    ]


# --------------------------------------------------------------------------- command


def run(args: argparse.Namespace) -> int:
    from fsdash.storage.periods import today as paris_today

    today = paris_today()
    try:
        assumptions = assumptions_from_args(args, today)
        make_plan(assumptions)  # report bad assumptions before reading any file
        if args.statuses is not None:
            statuses, source = statuses_from_file(args.statuses), f"fichier « {args.statuses.name} »"
        else:
            statuses, source = statuses_from_registry(), "registre des animateurs"
        result = simulator.simulate(statuses, assumptions, site_counts(args.sites), today=today)
    except (AssumptionError, InputError) as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(to_json(result), ensure_ascii=False, indent=2))
    else:
        print(format_text(result, source))
    return 0
