"""``reflect`` and ``python -m reflect``: the command line, or the app with no sub-command."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from reflect.cli.main import run

    return run(sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    sys.exit(main())
