"""The ``opex`` command line face (console script ``opex``)."""

from generator.cli.app import main

__all__ = ["main"]
