from fsdash.ui.common import ensure_navigation
from fsdash.ui.departement import render

ensure_navigation()
render()
