"""The `commission` command: Django's management commands under one name.

`commission import FILE`, `commission person QUERY`, `commission audit verify`,
`commission migrate` … all run the management command of the same name.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commission.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    args[0] = "commission"
    # `commission score-extraction` reads better than the module name score_extraction.
    if len(args) > 1 and not args[1].startswith("-"):
        args[1] = args[1].replace("-", "_")
    try:
        execute_from_command_line(args)
    except BrokenPipeError:
        # The reader stopped reading (`commission person X | head`): nothing left to say.
        sys.stderr.close()
        sys.exit(1)


if __name__ == "__main__":
    main()
