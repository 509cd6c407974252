"""The one accessor for bundled data files (capability frameworks, reflection templates).

In an installed wheel the files live at ``reflect/resources``; in a source checkout they live in the
top-level ``resources/`` folder. Either way callers get a ``Traversable`` and never a path guess.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path


def resource_root() -> Traversable:
    """The folder holding ``frameworks/``, ``templates/`` and icons."""
    packaged = files("reflect").joinpath("resources")
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Traversable:
    """One file or folder under the resource root, e.g. ``resource("frameworks", "esc.json")``."""
    node = resource_root()
    for part in parts:
        node = node.joinpath(part)
    return node
