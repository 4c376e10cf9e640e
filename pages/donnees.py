from fsdash.ui.donnees import render

render()
