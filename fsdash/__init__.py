"""fsdash: the France services facilitators dashboard library.

Everything here can be tested without a browser. Only modules under
``fsdash.ui`` import Streamlit.
"""

__version__ = "0.1.0"
