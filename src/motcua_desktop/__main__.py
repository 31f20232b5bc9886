"""`python -m motcua_desktop`: the `motcua` command line."""

import sys

from motcua_desktop.cli import main

sys.exit(main())
