"""motcua-desktop: the offline one-stop desk program for Vietnamese commune offices."""

__version__ = "0.1.0"
APP_NAME = "motcua-desktop"
