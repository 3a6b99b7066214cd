"""What every command's parser shares: help in both languages, a bilingual ``-h``, and messages
printed in the language chosen with ``--lang``."""

from __future__ import annotations

import argparse
import sys

from lib.core.i18n import LANGUAGES, t


def both(key: str, separator: str = " · ", **params: object) -> str:
    """A help text in both languages: 中文 · English."""
    return f"{t(key, 'zh', **params)}{separator}{t(key, 'en', **params)}"


class BilingualHelp(argparse.RawDescriptionHelpFormatter):
    """argparse's own words in both languages too (usage, options)."""

    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, "用法 · usage: " if prefix is None else prefix)


def bilingual(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Title argparse's group of options in both languages."""
    parser._optionals.title = both("cli.help.options")  # argparse keeps the title on this group
    return parser


def add_common(parser: argparse.ArgumentParser) -> None:
    """``-h/--help`` and ``--lang`` with bilingual help."""
    bilingual(parser)
    parser.add_argument("-h", "--help", action="help", help=both("cli.help.help"))
    parser.add_argument("--lang", choices=LANGUAGES, default="zh", help=both("cli.help.lang"))


def say(arguments: argparse.Namespace, key: str, /, **params: object) -> None:
    """A progress or result line, on standard error (standard output stays for data)."""
    print(t(key, arguments.lang, **params), file=sys.stderr, flush=True)
