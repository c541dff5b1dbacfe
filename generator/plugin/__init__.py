"""The MkDocs plugin face (entry point ``opex`` in the ``mkdocs.plugins`` group)."""

from generator.plugin.plugin import OpexPlugin

__all__ = ["OpexPlugin"]
