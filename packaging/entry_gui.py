"""Frozen entry point of the windowed program ``motcua-desktop`` (see motcua-desktop.spec)."""

import sys

from motcua_desktop.ui.app import main

sys.exit(main())
