"""A process that publishes one submission and stops dead at a chosen point, for the kill test:
``python -m tests.upload.publish_worker DB_URL SNAPSHOTS_ROOT SUBMISSION_ID POINT``.

It prints ``AT <point>`` and waits there to be killed; POINT is ``staged`` (snapshot files written,
not yet renamed into place), ``renamed`` (the folder is in place, no database row written), ``flushed``
(the rows sent to the database, not committed) or ``end`` (runs to completion)."""

import sys
import time
from datetime import date

from sqlalchemy import event
from sqlalchemy.orm import Session

from lib.core.roles import Identity
from lib.store import snapshots
from lib.store.database import open_database
from lib.upload.publish import publish_submission
from tests.upload.publish_fixtures import base_frame

PUBLISHER = Identity("publisher", "发布员", role="publisher", mode="proxy", signed_in=True)


def stop(point: str) -> None:
    print(f"AT {point}", flush=True)
    time.sleep(3600)


def main(url: str, root: str, submission_id: str, point: str) -> None:
    real_rename = snapshots.os.rename

    def rename(source, target):
        if point == "staged":
            stop(point)
        real_rename(source, target)
        if point == "renamed":
            stop(point)

    snapshots.os.rename = rename
    if point == "flushed":
        event.listen(Session, "after_flush", lambda *_: stop(point))
    from pathlib import Path

    publish_submission(
        open_database(url),
        Path(root),
        PUBLISHER,
        submission_id,
        base=base_frame(),
        base_id="2026-10-31-demo",
        snapshot_id="2026-11-30-published",
        as_of=date(2026, 11, 30),
        title="广东十一月",
        source="广东省人社厅",
        publisher="人社部",
    )
    print("AT end", flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:5])
