"""In-page elements (``st.components.v2``): the map, the sortable tables."""
