"""Printable documents through WeasyPrint: agreements (one per agreement, for sign-off) and the A3
X-matrix.  fetcher (nothing fetched but the templates' own files), render (the one WeasyPrint
path), agreement, xmatrix.  Imported only by builds that print: WeasyPrint takes a second to load.
"""
