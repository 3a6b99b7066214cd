"""Entry point: ``python -m lib.cli`` (see lib/cli/main.py)."""

from lib.cli.main import main

raise SystemExit(main())
