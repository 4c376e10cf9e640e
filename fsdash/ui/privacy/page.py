"""What personal data the dashboard keeps, why, who sees it and for how long."""

from __future__ import annotations

import os

import pandas as pd
import streamlit as st

from fsdash.storage.purge import RETENTION
from fsdash.ui import auth

ROWS = [
    ("nom, courriel et téléphone de l'animateur départemental",
     "joindre l'animateur pour l'animation du réseau",
     "l'équipe nationale de l'ANCT et la préfecture du département, jamais les autres utilisateurs",
     RETENTION["animateur"]),
    ("historique des modifications de la fiche (date, auteur, avant, après)",
     "savoir qui a changé quoi et corriger une erreur",
     "mêmes personnes ; les champs personnels et les auteurs sont retirés de l'historique montré aux autres",
     RETENTION["historique"]),
    ("courriel et nom des utilisateurs dans les historiques (fiches, versions de la liste des sites, comptes), "
     "les scénarios enregistrés et le journal des actions refusées",
     "tracer les modifications et les tentatives refusées",
     "l'équipe nationale de l'ANCT ; la préfecture d'un département voit les auteurs de l'historique de sa fiche",
     RETENTION["auteurs"]),
    ("comptes d'accès (courriel, rôle, départements, identifiant de connexion du fournisseur d'identité)",
     "donner à chacun les droits de son rôle, et refuser une connexion dont l'identifiant a changé",
     "l'équipe nationale de l'ANCT",
     RETENTION["comptes"]),
]


def render() -> None:
    user = auth.current_user()
    auth.sidebar_identity(user)
    contact = os.environ.get("FSDASH_PRIVACY_CONTACT", "le délégué à la protection des données de l'ANCT")
    st.title("Données personnelles")
    st.markdown("""
Ce tableau de bord est un outil de pilotage du réseau France services par l'Agence nationale de la
cohésion des territoires (ANCT) et les préfectures. Conformément au règlement général sur la protection
des données (RGPD) et à la loi Informatique et libertés, voici ce qu'il conserve.

### Données conservées

""")
    st.table(pd.DataFrame(ROWS, columns=["données", "pourquoi", "qui les voit", "combien de temps"]),
             hide_index=True)
    st.markdown(f"""
Les données des sites France services (adresses, téléphones et courriels des structures) sont des données
publiques, publiées par l'ANCT sur data.gouv.fr sous Licence Ouverte 2.0.

### Base légale et garanties

Le traitement relève de la mission d'intérêt public de l'ANCT (article 6-1-e du RGPD). Les données
personnelles ne figurent dans aucun journal technique ni dans les exports destinés aux lecteurs ; les
exports d'une préfecture ne contiennent que les données de ses propres départements.

### Vos droits

Vous pouvez accéder aux données qui vous concernent, les faire rectifier ou effacer, et vous opposer à
leur traitement, en écrivant à {contact}. Vous pouvez aussi adresser une réclamation à la CNIL
(www.cnil.fr).
""")
