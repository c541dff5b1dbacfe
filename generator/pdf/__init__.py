"""Printable documents through WeasyPrint: agreements (one per agreement, for sign-off), the A3
X-matrix, the A3 report of each strategic initiative and the bowling charts of each objective.
fetcher (nothing fetched but the templates' own files), render (the one WeasyPrint path),
agreement, xmatrix, a3, bowling.  Imported only by builds that print: WeasyPrint takes a second to load.
"""
