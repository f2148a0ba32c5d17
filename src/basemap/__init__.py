"""The atlas library: data loading, validation, filtering, map building and exports.

Nothing here imports Streamlit, so it can be used and tested from a notebook or a CLI.
"""

__version__ = "0.1.0"
