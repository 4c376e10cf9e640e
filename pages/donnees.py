from fsdash.ui.common import ensure_navigation
from fsdash.ui.donnees.page import render

ensure_navigation()
render()
