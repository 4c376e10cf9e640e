from fsdash.ui.common import ensure_navigation
from fsdash.ui.national.page import render

ensure_navigation()
render()
