from fsdash.ui.common import ensure_navigation
from fsdash.ui.departement.page import render

ensure_navigation()
render()
