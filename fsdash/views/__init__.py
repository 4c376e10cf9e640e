"""What pages show, built without Streamlit: figures, tables, HTML, maps and reports.

May import ``domain``, ``inputs``, ``storage`` and ``budget``."""
