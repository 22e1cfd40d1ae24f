"""The ``kunnskapsbro`` console script: Django's management commands under one name.

``kunnskapsbro serve``, ``kunnskapsbro demo`` and ``kunnskapsbro token`` are ordinary management
commands (in ``core`` and ``accounts``), so ``python manage.py serve`` works the same.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kunnskapsbro.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    args[0] = "kunnskapsbro"
    execute_from_command_line(args)


if __name__ == "__main__":  # pragma: no cover
    main()
