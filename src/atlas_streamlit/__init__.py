"""The Streamlit glue of the atlas: cached loading, offline assets, sidebar filters, map display
and download buttons, shared by app.py and the pages. Only this package (and the pages) import
Streamlit; the work is done by the pure functions of basemap."""
