from fsdash.ui.accounts import render
from fsdash.ui.common import ensure_navigation

ensure_navigation()
render()
