"""The Streamlit pages: the only package that imports Streamlit.

``cache`` owns every cache and its keys; ``auth`` says who is acting; ``common`` holds
what every page shows; ``elements`` are the in-page components; one package per page.
May import every other layer."""
