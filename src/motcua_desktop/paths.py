"""Where things live: the data folder (platformdirs, --data-dir, MOTCUA_DATA_DIR) and resources."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from platformdirs import user_data_path

ENV_DATA_DIR = "MOTCUA_DATA_DIR"
ENV_RESOURCES = "MOTCUA_RESOURCES"


def data_dir(override: str | os.PathLike | None = None) -> Path:
    """The data folder: the explicit override, else $MOTCUA_DATA_DIR, else the platform's."""
    if override:
        return Path(override).expanduser().resolve()
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env).expanduser().resolve()
    return user_data_path("motcua-desktop", appauthor=False)


def _project_root() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parents[2]


def resources_dir() -> Path:
    env = os.environ.get(ENV_RESOURCES)
    if env:
        return Path(env)
    return _project_root() / "resources"


def translations_dir() -> Path:
    return _project_root() / "translations"


def fonts_dir() -> Path:
    return resources_dir() / "fonts"
