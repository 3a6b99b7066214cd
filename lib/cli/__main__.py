"""``python -m lib.cli <command> …``: one parser; each command is a module of its own that adds its
subcommand (``register``) and runs it (``run(args)`` → exit code: 0 done, 1 failed, 2 wrong
arguments or configuration), so a cron job or a systemd timer can tell what happened."""

from __future__ import annotations

import argparse
import sys

from lib.cli import report, send_reports

COMMANDS = (report, send_reports)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lib.cli", description="技能政策进度看板 · command-line jobs")
    commands = parser.add_subparsers(dest="command", required=True, metavar="command")
    for command in COMMANDS:
        command.register(commands)
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
