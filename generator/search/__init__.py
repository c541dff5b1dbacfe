"""Site search that answers within a second at 10,000 records, and the seam to Material's.

engine (the one place that leans on Material's search internals, behind a version check), index
(the prebuilt word index and the worker), entries (a page's search entries as Material's parser
makes them), worker.js (the browser side).
"""

from generator.search.engine import SearchSeam

__all__ = ["SearchSeam"]
