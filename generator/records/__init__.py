"""Records: reading, checking and holding what the content folder says.

    yamlload (strict YAML; _fastyaml.c turns libyaml's events into data) -> fields, models
    (typed, frozen record models) -> catalogue (load and check every file; problems, placeholders,
    references, versions) ; kinds (the registry of record kinds), vocabulary (the words for every value),
    schema and scaffold (JSON Schemas and ``opex new``, from the models), history (git).

Nothing here knows of pages, PDFs or MkDocs.  The names below are what the layers above use.
"""

from generator.records.catalogue import Catalogue, load_catalogue
from generator.records.kinds import KINDS, Kind
from generator.records.versions import agreement_version

__all__ = ["KINDS", "Catalogue", "Kind", "agreement_version", "load_catalogue"]
