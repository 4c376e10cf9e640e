"""One-page printable summary of a département, as a standalone HTML file.

Facilitator card, figures beside the national ones and the list of sites,
stamped with the dates of the data. Every text that comes from data (site
names, comments, authors…) goes through ``html.escape``: the file is opened
in a browser, where a site named ``<script>…`` must stay text.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from datetime import datetime

import pandas as pd

from fsdash import formatting
from fsdash.departement_stats import QUALITY_COLUMN, Comparison
from fsdash.reference import Departement

# Columns of the site list in the summary (the full table, hours included, is in the exports).
REPORT_COLUMNS: tuple[str, ...] = ("Nom", "Commune", "Type", "Format", "Prise de RDV", "Téléphone")

_STYLE = """
@page { size: A4 portrait; margin: 12mm; }
* { box-sizing: border-box; }
body { font: 9pt/1.35 Marianne, Arial, sans-serif; color: #161616; margin: 0 auto; max-width: 190mm; }
h1 { font-size: 15pt; color: #000091; margin: 0 0 2mm; }
h2 { font-size: 10.5pt; color: #000091; margin: 4mm 0 1.5mm; border-bottom: 1px solid #000091; }
.stamp { color: #3A3A3A; font-size: 8pt; margin: 0 0 2mm; }
.columns { display: flex; gap: 6mm; }
.columns > section { flex: 1; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 0.6mm 1.5mm; border-bottom: 1px solid #DDDDDD; }
th { background: #F6F6F6; font-weight: bold; }
table.card th { width: 42%; background: none; font-weight: normal; color: #3A3A3A; }
table.sites { font-size: 7.5pt; }
tr.warn td { background: #FFE9E6; }
.warning { color: #CE0500; }
footer { margin-top: 3mm; font-size: 7pt; color: #666666; }
@media print { .noprint { display: none; } }
"""


def _e(value) -> str:
    """Escaped text of any value (« – » for nothing)."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return "–"
    if isinstance(value, (pd.Timestamp, datetime)):
        return html.escape(formatting.day(value))
    return html.escape(str(value), quote=True)


def _rows(pairs: Iterable[Sequence]) -> str:
    return "\n".join(
        "<tr><th>" + _e(pair[0]) + "</th>" + "".join(f"<td>{_e(v)}</td>" for v in pair[1:]) + "</tr>"
        for pair in pairs
    )


def _sites(table: pd.DataFrame) -> str:
    columns = [c for c in REPORT_COLUMNS if c in table.columns]
    head = "".join(f"<th>{_e(c)}</th>" for c in columns)
    body = []
    for _, site in table.iterrows():
        warning = site.get(QUALITY_COLUMN) or ""
        cells = "".join(f"<td>{_e(site[c]) if site[c] != '' else '–'}</td>" for c in columns)
        body.append(f'<tr class="warn">{cells}</tr><tr class="warn"><td class="warning" colspan="{len(columns)}">'
                    f"{_e(warning)}</td></tr>" if warning else f"<tr>{cells}</tr>")
    if not body:
        body.append(f'<tr><td colspan="{len(columns)}">Aucun site France services dans ce territoire.</td></tr>')
    return f'<table class="sites"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def build_report(departement: Departement, card: Sequence[tuple[str, str]], comparison: Comparison,
                 table: pd.DataFrame, sources: Sequence[str], generated_at: datetime) -> str:
    """The HTML summary of ``departement``.

    ``card`` is the facilitator card (``departement_stats.card_rows``, built with
    or without personal data as permissions allow), ``table`` the sites table
    (``departement_stats.sites_table``), ``sources`` the sources with the dates of
    their extracts.
    """
    name = departement.nom
    title = f"{name} ({departement.code})"
    figures = comparison.rows()
    warnings = int((table[QUALITY_COLUMN] != "").sum()) if QUALITY_COLUMN in table.columns else 0
    warning_note = (f'<p class="warning">{warnings} site(s) signalé(s) hors du contour du département : '
                    "coordonnées ou code département à vérifier.</p>" if warnings else "")
    return f"""<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e("France services – " + title)}</title>
<style>{_STYLE}</style>
</head>
<body>
<h1>{_e(title)} – animation départementale France services</h1>
<p class="stamp">Région {_e(departement.region)} · fiche éditée le {_e(formatting.moment(generated_at))}<br>
{"<br>".join(_e(s) for s in sources)}</p>
<div class="columns">
<section>
<h2>Animateur départemental</h2>
<table class="card">{_rows(card)}</table>
</section>
<section>
<h2>Chiffres clés</h2>
<table class="card"><thead><tr><th></th><th>{_e(name)}</th><th>France entière</th></tr></thead>
{_rows(figures)}</table>
</section>
</div>
<h2>Sites France services ({_e(formatting.number(len(table)))})</h2>
{warning_note}
{_sites(table)}
<footer>Horaires, courriels et groupes de sites : voir l'export CSV ou XLSX du tableau des sites.
Document généré par le tableau de bord des animateurs France services.</footer>
</body>
</html>
"""
