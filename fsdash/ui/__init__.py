"""Streamlit rendering. The only package of fsdash that imports Streamlit."""
