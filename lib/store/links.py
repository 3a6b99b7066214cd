"""Short links: a view's URL parameters kept server-side under a short id, so ``/?v=<id>`` survives
mail and chat clients that break long URLs, resolves on any replica, and opens in either language
(the language is not part of the link; ``&lang=en`` beside it chooses English).

The id is derived from the page and parameters, so the same view always gets the same link and
making it twice (on two replicas at once) stores it once.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from lib.store import audit, workspace
from lib.store.database import Database, now
from lib.store.models import Item, ShortLink

LINK_ID = re.compile(r"^[a-z2-7]{10}$")


def link_id(page: str, params: dict[str, str]) -> str:
    canonical = json.dumps({"page": page, "params": params}, sort_keys=True, ensure_ascii=False)
    return base64.b32encode(hashlib.sha256(canonical.encode()).digest()).decode().lower()[:10]


def make_link(db: Database, owner: str, page: str, params: dict[str, str], *, keep_title: str | None = None) -> str:
    """The short id of this view (stored on first use); with ``keep_title``, also kept in the owner's
    workspace as a view — one transaction with its audit entry."""
    params = {name: str(value) for name, value in params.items() if name != "lang"}
    short = link_id(page, params)
    for attempt in (1, 2):
        try:
            with db.transaction() as session:
                made = session.get(ShortLink, short) is None
                if made:
                    session.add(
                        ShortLink(
                            id=short,
                            page=page,
                            params=json.dumps(params, ensure_ascii=False, sort_keys=True),
                            created_by=owner,
                            created_at=now(),
                        )
                    )
                    session.flush()
                kept = False
                if keep_title is not None:
                    views = session.scalars(
                        select(Item).where(Item.owner == owner, Item.kind == "view", Item.deleted.is_(False))
                    )
                    if not any(json.loads(item.payload).get("link") == short for item in views):
                        workspace.save_item_in(session, owner, "view", keep_title, {"link": short, "page": page})
                        kept = True
                if made or kept:
                    audit.record(session, owner, "short_link", short, page=page, kept=kept)
            break
        except IntegrityError:  # made at the same moment elsewhere: the same row; once more without it
            if attempt == 2:
                raise
    return short


def resolve_link(db: Database, short: str) -> tuple[str, dict[str, str]] | None:
    """(page, parameters) of a short id, or None when there is no such link."""
    if not LINK_ID.match(short or ""):
        return None
    with db.transaction() as session:
        link = session.get(ShortLink, short)
        return (link.page, json.loads(link.params)) if link else None
