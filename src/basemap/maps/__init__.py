"""Rendering: deterministic folium builders for the atlas's maps and the standalone HTML map.

Above the data and domain layers, below export; nothing here knows Streamlit, and the URL under
which the app serves its static files is passed in by the caller.
"""
