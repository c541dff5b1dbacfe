"""``python -m generator.cli``: the ``opex`` command."""

import sys

from generator.cli.app import main

sys.exit(main())
