"""The snapshot of published provincial figures, built like the national one from a reviewable file.

``data/sources/provincial-figures.toml`` lists each statement about a province (publisher, date, verbatim
quote, where it was read: a government site, the outlet, or a reprint whose page is kept only as where it
was read) and the figures it gives, each with its province and its own date. ``python -m lib.store.provincial``
(``make provincial``) writes it as the snapshot ``2026-02-26-provincial`` — beside the national published
snapshot, not inside it (docs/decisions/0062-provincial-snapshot-beside-national.md says why). The reading
and checking are ``lib.store.published``'s: one reader, one set of rules for both files.
"""

from __future__ import annotations

from lib.core import settings
from lib.store import published

SOURCE = settings.DEFAULT_DATA_DIR / "sources" / "provincial-figures.toml"
REFERENCE = settings.DEFAULT_DATA_DIR / "sources" / "provincial-figures.md"  # the team's list, byte for byte


def main(argv: list[str] | None = None) -> None:
    published.main(argv, source=SOURCE, description="Write the snapshot of published provincial figures.")


if __name__ == "__main__":
    main()
