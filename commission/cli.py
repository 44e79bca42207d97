"""The `commission` command: Django's management commands under one name.

`commission import FILE`, `commission person QUERY`, `commission audit verify`,
`commission migrate` … all run the management command of the same name.

Messages are in the installation's LANGUAGE_CODE, or in the language COMMISSION_LANGUAGE names,
or in the one `--language ru` (before or after the command's name) asks for.
"""

from __future__ import annotations

import os
import sys


def _take_language(args: list[str]) -> str:
    """The language asked for with --language (taken out of `args`) or COMMISSION_LANGUAGE."""
    language = os.environ.get("COMMISSION_LANGUAGE", "")
    for index, arg in enumerate(args):
        if arg == "--language" and index + 1 < len(args):
            language = args[index + 1]
            del args[index : index + 2]
            break
        if arg.startswith("--language="):
            language = arg.split("=", 1)[1]
            del args[index]
            break
    return language


def _speak(language: str) -> None:
    """Messages from here on in `language`; an unknown one is refused in a sentence."""
    import django
    from django.conf import settings
    from django.utils import translation

    django.setup()
    offered = dict(settings.LANGUAGES)
    if language not in offered:
        choices = ", ".join(offered)
        sys.stderr.write(
            f"There is no interface language {language!r}; the choices are {choices}.\n"
        )
        sys.exit(2)
    translation.activate(language)


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commission.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    args[0] = "commission"
    language = _take_language(args)
    if language:
        _speak(language)
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
