from fsdash.ui.common import ensure_navigation
from fsdash.ui.legal.page import render

ensure_navigation()
render()
