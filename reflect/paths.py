"""Where Reflect keeps its files: one place decides, with one override for tests and scripts."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "Reflect"
DATA_DIR_ENV = "REFLECT_DATA_DIR"


def default_data_dir() -> Path:
    """The data directory: ``$REFLECT_DATA_DIR`` if set, else the platform's user data directory."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False, roaming=False))


def resolve_data_dir(explicit: str | os.PathLike[str] | None) -> Path:
    """The data directory named on the command line, else the default."""
    if explicit:
        return Path(explicit).expanduser()
    return default_data_dir()
