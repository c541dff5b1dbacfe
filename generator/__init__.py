"""OpEx Playbooks: YAML records of Operational Excellence work, published as a MkDocs site.

The pipeline runs in stages, one module each:

    load (yamlload, catalogue) -> validate (models, references) -> render (render) -> write (build)

The faces -- the ``opex`` command line (``cli``) and the MkDocs plugin (``plugin``) -- call the
same pipeline and hold no logic of their own.
"""

from __future__ import annotations

__version__ = "0.1.0"
