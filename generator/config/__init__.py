"""Settings: the ``opex`` options of ``mkdocs.yml``, read by MkDocs, through one table of defaults.

options (the table, and the MkDocs config class made from it), settings (the frozen Settings the
pipeline takes), load (MkDocs' loading of mkdocs.yml, with every problem named by option and line).
"""

from generator.config.load import load_config, load_settings, settings_from
from generator.config.settings import Settings

__all__ = ["Settings", "load_config", "load_settings", "settings_from"]
