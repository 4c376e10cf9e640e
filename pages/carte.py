from fsdash.ui.national_map import render

render()
