from fsdash.ui.accessibility.page import render
from fsdash.ui.common import ensure_navigation

ensure_navigation()
render()
