"""fsdash: entry point and navigation. Run with ``streamlit run app.py``."""

from pathlib import Path

import streamlit as st

from fsdash.storage import rights
from fsdash.ui import auth, chrome, landing

st.set_page_config(page_title=chrome.SERVICE, page_icon=chrome.favicon(), layout="wide")
chrome.page_chrome()  # header, skip links, lang="fr", styles: before anything else

HERE = Path(__file__).parent

# (file, title, icon, url path); the map is the default page at « / ».
PAGES = [
    ("pages/carte.py", "Carte nationale", ":material/map:", "carte"),
    ("pages/departement.py", "Département", ":material/location_city:", "departement"),
    ("pages/simulation.py", "Simulation budgétaire", ":material/euro:", "simulation"),
    ("pages/donnees.py", "Données", ":material/database:", "donnees"),
    ("pages/comptes.py", "Comptes et accès", ":material/manage_accounts:", "comptes"),
    ("pages/confidentialite.py", "Données personnelles", ":material/shield_person:", "confidentialite"),
    ("pages/accessibilite.py", "Accessibilité", ":material/accessibility_new:", "accessibilite"),
    ("pages/mentions_legales.py", "Mentions légales", ":material/gavel:", "mentions-legales"),
]

# Who is there decides the menu (and a refused identity sees its own page, whatever the address):
# « Comptes et accès » is for those who can manage accounts.
ADMIN_ONLY = {"comptes"}
user = auth.current_user()
pages = [
    st.Page(path, title=title, icon=icon, url_path=url, default=(url == "carte"))
    for path, title, icon, url in PAGES
    if (HERE / path).exists() and (url not in ADMIN_ONLY or rights.can_manage_accounts(user))
]
page = st.navigation(pages)
st.set_page_config(page_title=f"{page.title} – {chrome.SERVICE}")  # the tab names the page (RGAA 8.6)
landing.follow_login(page, pages, "carte", user)  # after a login: back to the bookmark, or one's département
landing.choices()  # a prefecture with several départements: their links, on landing
page.run()
chrome.footer()  # mandatory links and, for the pages that asked for them, the sources
