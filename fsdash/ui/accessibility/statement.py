"""What the accessibility statement says, as data: the conformity level, the date,
what was checked and how, the known non-conformities, the exceptions.

``tests/browser/test_accessibility.py`` reads ``STREAMLIT_LIMITS`` and
``WCAG_EXCEPTIONS`` to excuse exactly these axe findings (rule *and* element),
so the page and the tests cannot drift apart. No Streamlit import here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fsdash.domain import frontend

# RGAA: « non conforme » as long as no conformity audit (RGAA 4.1 grid, sample of
# pages) has measured the share of criteria met; « partiellement conforme » needs
# an audit with at least half of them met. Change both lines after an audit.
CONFORMITY = "non conforme"
AUDIT: str | None = None  # « Audit réalisé le JJ/MM/AAAA par … : NN % des critères respectés »
STATEMENT_DATE = date(2026, 12, 1)
RGAA_VERSION = "4.1"

AXE_VERSION = next(p.version for p in frontend.TEST_PACKAGES if p.name == "axe-core")
DSFR_VERSION = frontend.DSFR_VERSION
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")


@dataclass(frozen=True)
class KnownIssue:
    rule: str  # axe-core rule id
    marker: str  # a piece of the element's HTML that identifies it (what the test excuses)
    criterion: str  # WCAG success criterion (and RGAA criterion when there is one)
    where: str  # in French, for the statement
    why: str  # in French, for the statement
    when: str = ""  # a CSS selector: excused only while this is on the page (a list open...)


# Findings of axe that come from Streamlit 1.67's own markup: the project cannot
# change it from Python (only by rewriting Streamlit's widgets).
STREAMLIT_LIMITS: tuple[KnownIssue, ...] = (
    KnownIssue(
        "aria-hidden-focus", 'aria-hidden="true"', "WCAG 4.1.2, RGAA 10.8",
        "quand une liste de choix (sélecteur, choix multiple) ou un calendrier est ouvert",
        "le composant de liste de Streamlit masque tout le reste de la page aux technologies d'assistance "
        "(aria-hidden) sans le rendre inerte : les liens et champs masqués restent atteignables au clavier "
        "jusqu'à la fermeture de la liste",
        when='[role="listbox"], [role="dialog"]',
    ),
    KnownIssue(
        "label-content-name-mismatch", 'data-rac=""', "WCAG 2.5.3, RGAA 6.1",
        "calendrier des champs de date : boutons du mois et de l'année",
        "leur nom accessible (« mois », « année ») ne reprend pas le mois et l'année affichés",
        when='[role="dialog"]',
    ),
)

# Findings where WCAG itself names the exception that applies.
WCAG_EXCEPTIONS: tuple[KnownIssue, ...] = (
    KnownIssue(
        "target-size", "leaflet-marker-icon", "WCAG 2.5.8, exception « équivalent »",
        "sites France services sur la carte d'un département",
        "des sites très proches font des cibles de 24 pixels qui se chevauchent ; chaque site est aussi une "
        "ligne du tableau des sites, sous la carte, avec les mêmes informations (adresse, horaires, contact)",
    ),
)

# What the automated checks do not see, found by reading the page (RGAA criteria).
MANUAL_FINDINGS: tuple[str, ...] = (
    "La langue de la page est annoncée en anglais jusqu'au chargement du script de l'en-tête "
    "(Streamlit écrit lang=\"en\"), puis en français (RGAA 8.3).",
    "Quelques noms accessibles de Streamlit restent en anglais le temps qu'un script les traduise, et "
    "certains messages (« Date set outside allowed range ») ne sont pas traduits (RGAA 8.7).",
    "Les libellés visibles des champs ne sont pas reliés par un élément label : le nom vient d'un attribut "
    "aria-label de même texte (RGAA 11.1).",
    "Plusieurs pages passent d'un titre de niveau 1 à un titre de niveau 3 (RGAA 9.1).",
    "La zone de dépôt de fichier (page « Données ») porte un nom sur un élément de rôle « presentation », "
    "que Chromium expose alors comme une région (RGAA 8.2).",
    "Le pied de page est placé dans la zone de contenu principal : Streamlit fait défiler cette zone, pas "
    "la page (RGAA 12.6).",
    "Sur la carte, chaque département et chaque regroupement de sites est un arrêt du clavier (plus de 150 "
    "sur la carte nationale) et aucun lien ne permet de passer la carte ; le tableau des départements, sous "
    "la carte, donne pour chacun le statut, les sites et le lien vers sa page (RGAA 12.7).",
    "Les graphiques de la simulation décrivent leurs axes en anglais pour les lecteurs d'écran ; leurs "
    "valeurs sont dans les tableaux de la même page (RGAA 1.3).",
)

# The pages and states the automated tests check (tests/browser/test_accessibility.py).
CHECKED: tuple[str, ...] = (
    "Carte nationale : sans filtre, avec un filtre, avec les données de démonstration, liste de choix ouverte",
    "Page d'un département : fiche de l'animateur ouverte en modification (administrateur), liste et "
    "calendrier ouverts",
    "Simulation budgétaire, panneaux dépliés",
    "Données : chacun des quatre onglets",
    "Comptes et accès, Données personnelles, Mentions légales, la présente déclaration",
    "Page « Données officielles absentes » (dossier de données vide)",
)
