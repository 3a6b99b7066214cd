"""A process that does one person's action on the workspace and stops dead at a chosen point, for the
kill test: ``python -m tests.store.transaction_worker DB_URL ACTION POINT``.

ACTION is one of ``ACTIONS``; POINT is ``flushed`` (the first rows sent to the database, the
transaction not committed: it prints ``AT flushed`` and waits there to be killed) or ``end``."""

import sys
import time

import pandas as pd
from sqlalchemy import event
from sqlalchemy.orm import Session

from lib.core.roles import Identity
from lib.store import links, workspace
from lib.store.database import open_database

ANALYST = Identity("analyst", "分析员", role="analyst", mode="proxy", signed_in=True)
OWN = {"id": "own_placements", "name_zh": "自定义：就业见习", "unit": "人", "frequency": "M"}
ACTIONS = ("confirm", "rename", "delete", "end_upload", "reopen", "own_save", "own_delete", "short_link")


def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {"indicator_id": ["own_placements"], "region_code": ["440000"], "period": ["2026-10-01"], "value": [12.0]}
    )


def prepare(url: str) -> str:
    """The state before the action: the analyst signed in with two uploads (the later one in force)
    and one own indicator; returns the earlier upload's item id."""
    db = open_database(url)
    workspace.sign_in(db, ANALYST)
    item = workspace.confirm_upload(
        db, ANALYST, file_name="earlier.csv", raw=b"a,b\n", frame=frame(), mode="merge", mapping={}
    )
    workspace.confirm_upload(
        db, ANALYST, file_name="current.csv", raw=b"c,d\n", frame=frame(), mode="merge", mapping={}
    )
    workspace.put_records(db, ANALYST.user_id, "indicator", [OWN], ["自定义：就业见习"])
    return item


def act(url: str, action: str, item: str) -> None:
    db = open_database(url)
    owner = ANALYST.user_id
    if action == "confirm":
        workspace.confirm_upload(
            db,
            ANALYST,
            file_name="new.csv",
            raw=b"x,y\n",
            frame=frame(),
            mode="merge",
            mapping={},
            own_indicators=[{**OWN, "id": "own_new", "name_zh": "自定义：新指标"}],
        )
    elif action == "rename":
        workspace.rename_item(db, owner, item, "改过的名字")
    elif action == "delete":
        workspace.delete_item(db, owner, item)
    elif action == "end_upload":
        workspace.set_active_upload(db, owner, None)
    elif action == "reopen":
        workspace.set_active_upload(db, owner, item)
    elif action == "own_save":
        workspace.put_records(db, owner, "target", [{"id": "own_t", "name_zh": "自定义目标"}], ["自定义目标"])
    elif action == "own_delete":
        workspace.drop_record(db, owner, "indicator", OWN["id"])
    elif action == "short_link":
        links.make_link(db, owner, "provinces", {"region": "440000"}, keep_title="广东")


def main(url: str, action: str, point: str, item: str) -> None:
    if point == "flushed":

        def stop(*_):
            print("AT flushed", flush=True)
            time.sleep(3600)

        event.listen(Session, "after_flush", stop)
    act(url, action, item)
    print("AT end", flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:5])
