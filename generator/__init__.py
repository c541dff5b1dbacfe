"""OpEx Playbooks: YAML records of Operational Excellence work, published as a MkDocs site.

The package is layered; imports run one way (``tests/test_layers.py`` keeps it so)::

    records  <-  domain  <-  config  <-  pages / search / review  <-  pdf  <-  pipeline  <-  plugin / cli

``records`` reads and checks the content, ``domain`` computes what it means (data only),
``config`` reads the settings through MkDocs, ``pages``, ``search``, ``review`` and ``pdf``
present it, ``pipeline`` runs the stages, and the faces -- the ``opex`` command line (``cli``)
and the MkDocs plugin (``plugin``) -- call the pipeline and hold no logic of their own.
``errors``, ``clock`` and ``forking`` sit below every layer.
"""

from __future__ import annotations

__version__ = "0.1.0"
