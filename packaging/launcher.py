"""Entry script for the PyInstaller bundle: the same ``main`` as the ``reflect`` console script.

A separate file (rather than ``reflect/__main__.py``) keeps PyInstaller from putting ``reflect/``
itself on the import path, where ``resources`` or ``paths`` would shadow other top-level names.
"""

from __future__ import annotations

import sys

from reflect.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
