"""« Déclaration d'accessibilité » (``/accessibilite``), on the RGAA's model:
conformity level, test results, non-accessible content, how the statement was
made, feedback and contact, remedies. Its facts live in ``statement.py``."""

from __future__ import annotations

import os

import streamlit as st

from fsdash.domain import formatting
from fsdash.ui import auth
from fsdash.ui.accessibility import statement as s
from fsdash.ui.chrome import EDITOR, SERVICE

DEFAULT_CONTACT = "l'équipe nationale France services de l'ANCT, qui administre ce tableau de bord"


def _issues(issues) -> str:
    return "\n".join(f"- **{i.where}** ({i.criterion}) : {i.why}." for i in issues)


def render() -> None:
    auth.sidebar_identity(auth.current_user())
    contact = os.environ.get("FSDASH_ACCESSIBILITY_CONTACT") or DEFAULT_CONTACT
    st.title("Déclaration d'accessibilité", anchor=False)
    st.markdown(f"""
L'{EDITOR} s'engage à rendre ses services numériques accessibles, conformément à l'article 47 de la loi
n° 2005-102 du 11 février 2005.

Cette déclaration d'accessibilité s'applique au tableau de bord « {SERVICE} ».

## État de conformité

Le tableau de bord « {SERVICE} » est **{s.CONFORMITY}** avec le référentiel général d'amélioration de
l'accessibilité (RGAA), version {s.RGAA_VERSION}, en raison des non-conformités énumérées ci-dessous.

## Résultats des tests

{s.AUDIT or "Aucun audit de conformité au RGAA n'a encore été réalisé : la part des critères respectés n'est pas "
"mesurée, et le RGAA demande alors de déclarer le service non conforme."}

Ce qui est vérifié à chaque modification du code, par les tests automatiques du projet :

- le moteur **axe-core {s.AXE_VERSION}**, dans le navigateur Chromium, sur les règles des WCAG 2.0, 2.1
  et 2.2 de niveaux A et AA ; aucune erreur d'impact « grave » ou « critique » n'est admise, hors les
  limites connues listées ci-dessous. Pages et états vérifiés :
""" + "\n".join(f"  - {c}" for c in s.CHECKED) + """
- un **parcours au clavier seul** : de la carte nationale à la carte et au tableau, puis à la page d'un
  département, jusqu'à la modification et l'enregistrement de la fiche de l'animateur, avec un indicateur
  de focus visible à chaque étape ;
- les **couleurs des statuts** : contraste d'au moins 3:1 avec le fond de la carte et dans la légende, et
  couleurs distinctes pour les trois formes de daltonisme (protanopie, deutéranopie, tritanopie,
  simulées selon Machado et al., 2009) ; le statut « non renseigné » est aussi hachuré, et chaque statut est
  écrit en toutes lettres dans la légende, les infobulles et le tableau des départements ;
- l'affichage sur un écran de téléphone (390 × 844 pixels) sans défilement horizontal.

Aucun test n'a encore été fait avec un lecteur d'écran (NVDA, JAWS, VoiceOver) ni par des personnes en
situation de handicap.

## Contenus non accessibles

### Non-conformités

Limites du cadriciel Streamlit (version 1.67), sur lequel le tableau de bord est construit, relevées par
axe-core :

""" + _issues(s.STREAMLIT_LIMITS) + """

Relevées à la lecture des pages :

""" + "\n".join(f"- {f}" for f in s.MANUAL_FINDINGS) + """

### Dérogations pour charge disproportionnée

Aucune.

### Contenus non soumis à l'obligation d'accessibilité

La carte interactive, pour ce qu'elle montre au-delà du tableau qui l'accompagne : le statut de chaque
département, son nombre de sites et le lien vers sa page sont aussi dans le tableau des départements et
dans son export CSV. Cas prévu par WCAG :

""" + _issues(s.WCAG_EXCEPTIONS) + f"""

## Établissement de cette déclaration

Cette déclaration a été établie le {formatting.day(s.STATEMENT_DATE)}.

- Technologies utilisées : HTML5, CSS, JavaScript, SVG ; Streamlit 1.67, Leaflet 1.9, système de design
  de l'État (DSFR) {s.DSFR_VERSION}.
- Environnement de test : Chromium (Debian), piloté par Playwright, sous Linux.
- Outils : axe-core {s.AXE_VERSION} (règles {", ".join(s.AXE_TAGS)}), tests de parcours au clavier,
  calculs de contraste (WCAG) et de vision des couleurs (Machado et al., 2009 ; écart CIEDE2000).

## Retour d'information et contact

Si vous n'arrivez pas à accéder à un contenu ou à un service, vous pouvez contacter {contact} pour être
orienté vers une alternative accessible ou obtenir le contenu sous une autre forme.

## Voies de recours

Cette procédure est à utiliser dans le cas suivant : vous avez signalé au responsable du tableau de bord un
défaut d'accessibilité qui vous empêche d'accéder à un contenu ou à un des services, et vous n'avez pas
obtenu de réponse satisfaisante. Vous pouvez :

- écrire un message au [Défenseur des droits](https://formulaire.defenseurdesdroits.fr/) ;
- contacter [le délégué du Défenseur des droits dans votre région](https://www.defenseurdesdroits.fr/saisir/delegues) ;
- envoyer un courrier par la poste (gratuit, ne pas mettre de timbre) : Défenseur des droits, Libre réponse
  71120, 75342 Paris CEDEX 07.
""")
