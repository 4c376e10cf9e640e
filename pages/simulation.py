from fsdash.ui.simulation import render

render()
