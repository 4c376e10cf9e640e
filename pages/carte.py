from fsdash.ui.common import ensure_navigation
from fsdash.ui.national_map import render

ensure_navigation()
render()
