"""fsdash: the France services facilitators dashboard.

Layers, each a sub-package that imports only from the layers above it in this list
(never from a layer below, never in a circle):

- ``domain``: vocabulary and sources as data (statuses, record fields, territories,
  formats, the official sources, settings); imports nothing else of fsdash.
- ``inputs``: files from outside: the site list, contours, statuses spreadsheets,
  record values, differences, quality checks, download and provenance.
- ``storage``: the database: engine and migrations, tables, rights (pure) and
  accounts, the registry, site-list versions, backup and purge.
- ``budget``: the simulator (pure), its assumptions, results, comparisons and saved
  scenarios.
- ``views``: what pages show, as data, HTML or files: figures, tables, maps, reports.
- ``cli``: ``python -m fsdash``, one module per command group.
- ``ui``: the Streamlit pages, the only importer of Streamlit.
"""

__version__ = "0.2.0"
