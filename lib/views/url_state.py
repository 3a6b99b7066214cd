"""View state that a link carries, with language-neutral codes (DESIGN.md §6).

``parse`` reads query parameters against what is valid now and returns the accepted values
plus a notice for each ignored one (never an exception); ``encode`` writes only non-defaults,
so a default view has a clean URL and a link made in one language opens the same view in the other.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

# Order here is the order in the URL.
PARAMS = (
    "lang",
    "snap",
    "program",
    "target",
    "region",
    "year",
    "color",
    "group",
    "pace",
    "present",
    "slide",
    "screen",
    "brief",
)


@dataclass(frozen=True)
class Notice:
    """An ignored parameter, for a visible message."""

    param: str
    value: str


def parse(
    query: dict[str, str | list[str]], validators: dict[str, Callable[[str], bool] | Iterable[str]]
) -> tuple[dict[str, str], list[Notice]]:
    accepted, notices = {}, []
    for name, raw in query.items():
        value = raw[-1] if isinstance(raw, list) else raw
        value = str(value).strip()
        check = validators.get(name)
        if check is None:
            notices.append(Notice(name, value))
            continue
        ok = check(value) if callable(check) else value in set(check)
        if ok:
            accepted[name] = value
        else:
            notices.append(Notice(name, value))
    return accepted, notices


def encode(state: dict[str, str | None], defaults: dict[str, str | None]) -> dict[str, str]:
    """Only the parameters that differ from their defaults, in a stable order."""
    return {name: str(state[name]) for name in PARAMS if state.get(name) not in (None, "", defaults.get(name))}
