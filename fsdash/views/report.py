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

from fsdash.domain import formatting
from fsdash.domain.territories import Departement
from fsdash.views.departement import QUALITY_COLUMN, Comparison

_STYLE = """
@page { size: A4 portrait; margin: 10mm 12mm; }
* { box-sizing: border-box; }
body { font: var(--size)/1.3 Marianne, Arial, sans-serif; color: #161616; margin: 0 auto; max-width: 186mm; }
h1 { font-size: 14pt; color: #000091; margin: 0 0 1mm; }
h2 { font-size: 10pt; color: #000091; margin: 3mm 0 1mm; border-bottom: 1px solid #000091; }
.stamp { color: #3A3A3A; font-size: 7.5pt; margin: 0 0 1mm; }
.columns { display: flex; gap: 6mm; }
.columns > section { flex: 1; }
table { border-collapse: collapse; width: 100%; font-size: 8pt; }
th, td { text-align: left; vertical-align: top; padding: 0.3mm 1mm; border-bottom: 1px solid #E5E5E5; }
thead th { font-weight: bold; }
tbody th { font-weight: normal; color: #3A3A3A; width: 44%; }
ol.sites { columns: 2; column-gap: 6mm; margin: 0; padding-left: 6mm; }
ol.sites li { break-inside: avoid; margin: 0 0 0.6mm; }
ol.sites .warning { display: block; }
.warning { color: #CE0500; }
footer { margin-top: 2mm; font-size: 7pt; color: #666666; }
"""


def _font_size(sites: int) -> str:
    """Smaller type for long site lists, so that the summary stays on one A4 page."""
    return "8.5pt" if sites <= 25 else "8pt" if sites <= 40 else "7pt" if sites <= 60 else "6.2pt"


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


def _site(site: pd.Series) -> str:
    """One line per site: name, town, then what differs from the usual (antenna,
    format other than fixed), phone and appointment booking."""
    details = [site.get("Commune") or ""]
    if site.get("Type") == "Antenne":
        details.append("antenne")
    if site.get("Format") and site.get("Format") != "fixe":
        details.append(site["Format"])
    if site.get("Téléphone"):
        details.append(f"tél. {site['Téléphone']}")
    if site.get("Prise de RDV") == "Oui":
        details.append("prise de RDV")
    text = f"<strong>{_e(site.get('Nom'))}</strong> — " + " · ".join(_e(d) for d in details if d)
    warning = site.get(QUALITY_COLUMN) or ""
    if warning:
        text += f'<span class="warning">{_e(warning)}</span>'
    return f"<li>{text}</li>"


def _sites(table: pd.DataFrame) -> str:
    if table.empty:
        return "<p>Aucun site France services dans ce territoire.</p>"
    return '<ol class="sites">' + "".join(_site(site) for _, site in table.iterrows()) + "</ol>"


def build_report(departement: Departement, card: Sequence[tuple[str, str]], comparison: Comparison,
                 table: pd.DataFrame, sources: Sequence[str], generated_at: datetime) -> str:
    """The HTML summary of ``departement``.

    ``card`` is the facilitator card (``departement_stats.card_rows``, built with
    or without personal data as the reader's rights allow), ``table`` the sites table
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
<style>:root {{ --size: {_font_size(len(table))}; }}{_STYLE}</style>
</head>
<body>
<h1>{_e(title)} – animation départementale France services</h1>
<p class="stamp">Région {_e(departement.region)} · fiche éditée le {_e(formatting.moment(generated_at))}<br>
{"<br>".join(_e(s) for s in sources)}</p>
<div class="columns">
<section>
<h2>Animateur départemental</h2>
<table>{_rows(card)}</table>
</section>
<section>
<h2>Chiffres clés</h2>
<table><thead><tr><th></th><th>{_e(name)}</th><th>France entière</th></tr></thead>
{_rows(figures)}</table>
</section>
</div>
<h2>Sites France services ({_e(formatting.number(len(table)))})</h2>
{warning_note}
{_sites(table)}
<footer>Horaires, courriels, adresses et groupes de sites : voir l'export CSV ou XLSX du tableau des sites.
Document généré par le tableau de bord des animateurs France services.</footer>
</body>
</html>
"""
