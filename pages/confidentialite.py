from fsdash.ui.common import ensure_navigation
from fsdash.ui.privacy import render

ensure_navigation()
render()
