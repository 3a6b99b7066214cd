"""``python -m lib.cli <command> …``: one module per command, each with ``add_arguments(parser)``
and ``run(args) -> exit code`` (0 done, 1 failed, 2 wrong arguments), so a cron job or a systemd
timer can tell what happened."""

from __future__ import annotations

import argparse
import importlib
import sys

COMMANDS = {
    "report": ("lib.cli.report", "write the 进度通报 of a month (.docx, .txt or .md)"),
    "send-reports": ("lib.cli.send_reports", "send the 进度通报 by e-mail and to group robots"),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lib.cli", description="技能政策进度看板 · command-line jobs")
    commands = parser.add_subparsers(dest="command", required=True, metavar="command")
    modules = {}
    for name, (module_name, help_text) in COMMANDS.items():
        module = importlib.import_module(module_name)
        modules[name] = module
        module.add_arguments(commands.add_parser(name, help=help_text, description=module.__doc__))
    args = parser.parse_args(argv)
    return modules[args.command].run(args)


if __name__ == "__main__":
    sys.exit(main())
