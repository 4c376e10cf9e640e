"""HTML tables for the pages: every value escaped, links and numbers marked."""

import pandas as pd

from fsdash.domain import formatting
from fsdash.views.html_table import html_table


def test_values_are_escaped_and_links_point_to_the_row_page():
    frame = pd.DataFrame({"Code": ["37", "2A"], "Nom": ["<script>alert(1)</script>", 'Corse "du Sud"'],
                          "ETP": [0.5, None], "Sites": [32, 12]})
    page = html_table(frame, "Deux <b>départements</b>", numeric=("ETP", "Sites"), formats={"ETP": formatting.etp},
                      link=("Nom", lambda row: f"/departement?dep={row['Code']}&x=\"y\""))
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>" not in page and "Deux &lt;b&gt;départements&lt;/b&gt;" in page  # caption and region label
    assert '<a href="/departement?dep=37&amp;x=&quot;y&quot;">' in page
    assert page.count("<tr>") == 3 and page.count('<th scope="col"') == 4
    assert '<td class="n">0,5</td>' in page and '<td class="n">–</td>' in page  # formatted, missing as a dash
    assert '<td class="n">32</td>' in page and "<td>37</td>" in page
    assert 'role="region" aria-label="Deux &lt;b&gt;départements&lt;/b&gt;" tabindex="0"' in page


def test_empty_table_keeps_its_header():
    page = html_table(pd.DataFrame({"Code": [], "Nom": []}), "Aucun")
    assert "<tbody></tbody>" in page and page.count('<th scope="col"') == 2


def test_sortable_table_has_header_buttons_sort_keys_and_highlighted_rows():
    frame = pd.DataFrame({"Nom": ["B", "A"], "Labellisation": [pd.Timestamp("2021-03-02"), pd.NaT],
                          "Sites": [3, None], "Alerte": ["", "⚠ hors contour"]})
    page = html_table(frame, "Sites", numeric=("Sites",), sortable=True, wide=True,
                      formats={"Labellisation": formatting.day},
                      sort_values={"Labellisation": lambda d: "" if pd.isna(d) else d.strftime("%Y-%m-%d")},
                      warn=lambda row: bool(row["Alerte"]))
    assert '<table class="fsdash-table fsdash-sortable wide">' in page
    assert page.count('aria-sort="none"><button type="button">') == 4
    assert '<td data-v="2021-03-02">02/03/2021</td>' in page and '<td data-v="">–</td>' in page
    # a count with a gap (pandas makes it float) shows « 3 » and « – », as every other table
    assert '<td class="n" data-v="3">3</td>' in page and '<td class="n" data-v="">–</td>' in page
    assert page.count('<tr class="warn">') == 1 and "<tr><td>B</td>" in page
    plain = html_table(frame, "Sites")
    assert "<button" not in plain and "data-v" not in plain and 'class="fsdash-table"' in plain


def test_numbers_in_french_and_gaps_as_a_dash():
    frame = pd.DataFrame({"Nom": ["A", None], "Sites": [2845, 12], "ETP": [0.5, None]})
    page = html_table(frame, "Chiffres", numeric=("Sites", "ETP"))
    assert '<td class="n">2\u202f845</td>' in page and '<td class="n">12</td>' in page
    assert '<td class="n">0,5</td>' in page and '<td class="n">–</td>' in page and "<tr><td>–</td>" in page


def test_figures_are_label_value_pairs_with_escaped_text():
    from fsdash.views.html_figures import Figure, html_figures

    page = html_figures([Figure("Sites <b>affichés</b>", "2\u202f845"), Figure("Rang", "3e", "sur 102 & plus")],
                        'Chiffres "clés"')
    assert page.count("<dt>") == 2 and page.count('<dd class="value">') == 2 and page.count('<dd class="note">') == 1
    assert "<b>" not in page and "Sites &lt;b&gt;affichés&lt;/b&gt;" in page and "sur 102 &amp; plus" in page
    assert 'aria-label="Chiffres &quot;clés&quot;"' in page
