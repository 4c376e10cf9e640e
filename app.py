"""fsdash: entry point and navigation. Run with ``streamlit run app.py``."""

from pathlib import Path

import streamlit as st

st.set_page_config(page_title="Animateurs France services", page_icon="🗺️", layout="wide")

HERE = Path(__file__).parent

# (file, title, icon, url path); the map is the default page at « / ».
PAGES = [
    ("pages/carte.py", "Carte nationale", ":material/map:", "carte"),
    ("pages/departement.py", "Département", ":material/location_city:", "departement"),
    ("pages/simulation.py", "Simulation budgétaire", ":material/euro:", "simulation"),
    ("pages/donnees.py", "Données", ":material/database:", "donnees"),
    ("pages/comptes.py", "Comptes et accès", ":material/manage_accounts:", "comptes"),
    ("pages/confidentialite.py", "Données personnelles", ":material/shield_person:", "confidentialite"),
]

pages = [
    st.Page(path, title=title, icon=icon, url_path=url, default=(url == "carte"))
    for path, title, icon, url in PAGES
    if (HERE / path).exists()
]
st.navigation(pages).run()
