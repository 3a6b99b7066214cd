"""``python -m lib.cli <command> …``: one parser, each command in a module of its own that adds its
subcommands (``register``) — ``snapshot`` now; a later ``report`` is one more module and one more
entry in ``COMMANDS``. Help is in Chinese and English side by side; messages follow ``--lang``."""

from __future__ import annotations

import argparse
import sys

from lib.cli import snapshot
from lib.cli.options import BilingualHelp, bilingual, both

COMMANDS = (snapshot,)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="python -m lib.cli",
        description=both("cli.help.description"),
        add_help=False,
        formatter_class=BilingualHelp,
    )
    bilingual(top)
    top.add_argument("-h", "--help", action="help", help=both("cli.help.help"))
    commands = top.add_subparsers(dest="command", required=True, title=both("cli.help.commands"), metavar="COMMAND")
    for command in COMMANDS:
        command.register(commands)
    return top


def main(argv: list[str] | None = None) -> int:
    arguments = parser().parse_args(sys.argv[1:] if argv is None else argv)
    return arguments.run(arguments)
