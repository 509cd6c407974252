"""The one accessor for bundled data files (capability frameworks, reflection templates).

In an installed wheel (and the packaged app) the files live at ``reflect/resources``; in a source
checkout they live in the top-level ``resources/`` folder. Either way callers get a ``Traversable``
and never a path guess.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

_PACKAGE_DIR = Path(__file__).resolve().parent


def resource_root() -> Traversable:
    """The folder holding ``frameworks/``, ``templates/`` and icons."""
    # Plain folders first: every command reads a framework, and asking importlib.resources costs
    # a few milliseconds of a fresh process that a directory check does not.
    for folder in (_PACKAGE_DIR / "resources", _PACKAGE_DIR.parent / "resources"):
        if folder.is_dir():
            return folder
    from importlib.resources import files  # a package imported from an archive

    return files("reflect").joinpath("resources")


def resource(*parts: str) -> Traversable:
    """One file or folder under the resource root, e.g. ``resource("frameworks", "esc.json")``."""
    node = resource_root()
    for part in parts:
        node = node.joinpath(part)
    return node
