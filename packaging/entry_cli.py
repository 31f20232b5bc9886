"""Frozen entry point of the console program ``motcua`` (see motcua-desktop.spec)."""

import sys

from motcua_desktop.cli import main

sys.exit(main())
