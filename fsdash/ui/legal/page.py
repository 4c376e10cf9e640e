"""« Mentions légales » (``/mentions-legales``): who publishes the dashboard, who
hosts it, the licence of its contents and data. The host is the deployment's
(``FSDASH_HEBERGEUR``); the publisher defaults to the ANCT (``FSDASH_EDITEUR``)."""

from __future__ import annotations

import os

import streamlit as st

from fsdash.domain.sources import SOURCES
from fsdash.ui import auth
from fsdash.ui.chrome import EDITOR, SERVICE

DEFAULT_EDITOR = f"{EDITOR}, 20 avenue de Ségur, TSA 10717, 75334 Paris Cedex 07"
NO_HOST = "non précisé par l'exploitant de cette installation (variable FSDASH_HEBERGEUR)"


def render() -> None:
    auth.sidebar_identity(auth.current_user())
    editor = os.environ.get("FSDASH_EDITEUR") or DEFAULT_EDITOR
    host = os.environ.get("FSDASH_HEBERGEUR") or NO_HOST
    st.title("Mentions légales", anchor=False)
    sources = "\n".join(f"- {s.title} : {s.producer} — {s.licence}." for s in SOURCES.values())
    st.markdown(f"""
## Éditeur

{editor}.

Directeur ou directrice de la publication : le directeur général ou la directrice générale de l'éditeur.

## Hébergement

{host}.

## Contenus et données

« {SERVICE} » est un outil de pilotage du réseau des animateurs départementaux France services. Sauf
mention contraire, ses contenus sont proposés sous licence etalab-2.0 ; les données gardent la licence de
leur source :

{sources}

## Accessibilité et données personnelles

Voir la [déclaration d'accessibilité](accessibilite) et la page [Données personnelles](confidentialite).
""")
