"""Export: the layers as currently filtered, as files (GeoJSON, CSV, KML, GeoPackage, zipped
Shapefile, the standalone HTML map) and a bundle of everything.

Pure (no Streamlit), so the Downloads page, a notebook or a script produce the same bytes. The top
layer of the library: `layers` decides what goes into a download, `meta` what every file says
about itself, one module per format writes it, and `formats` is the one registry of formats (the
bundle, the Downloads page and the README inside a bundle all read it). The writers import their
libraries (fastkml, pyogrio) only when they run, so a page that offers downloads stays light.
"""
