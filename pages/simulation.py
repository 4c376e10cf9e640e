from fsdash.ui.common import ensure_navigation
from fsdash.ui.simulation.page import render

ensure_navigation()
render()
