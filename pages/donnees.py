from fsdash.ui.common import ensure_navigation
from fsdash.ui.donnees import render

ensure_navigation()
render()
