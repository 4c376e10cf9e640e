from fsdash.ui.departement import render

render()
