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

from sqlalchemy.exc import IntegrityError

from lib.store.database import Database, now
from lib.store.models import ShortLink

LINK_ID = re.compile(r"^[a-z2-7]{10}$")


def link_id(page: str, params: dict[str, str]) -> str:
    canonical = json.dumps({"page": page, "params": params}, sort_keys=True, ensure_ascii=False)
    return base64.b32encode(hashlib.sha256(canonical.encode()).digest()).decode().lower()[:10]


def make_link(db: Database, owner: str, page: str, params: dict[str, str]) -> str:
    """The short id of this view (stored on first use)."""
    params = {name: str(value) for name, value in params.items() if name != "lang"}
    short = link_id(page, params)
    try:
        with db.transaction() as session:
            if session.get(ShortLink, short) is None:
                session.add(
                    ShortLink(
                        id=short,
                        page=page,
                        params=json.dumps(params, ensure_ascii=False, sort_keys=True),
                        created_by=owner,
                        created_at=now(),
                    )
                )
    except IntegrityError:  # made at the same moment elsewhere: the same row
        pass
    return short


def resolve_link(db: Database, short: str) -> tuple[str, dict[str, str]] | None:
    """(page, parameters) of a short id, or None when there is no such link."""
    if not LINK_ID.match(short or ""):
        return None
    with db.transaction() as session:
        link = session.get(ShortLink, short)
        return (link.page, json.loads(link.params)) if link else None
