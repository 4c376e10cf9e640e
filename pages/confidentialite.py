from fsdash.ui.common import ensure_navigation
from fsdash.ui.privacy.page import render

ensure_navigation()
render()
