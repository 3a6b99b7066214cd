"""Each province's own targets (本省目标), from ``<data>/catalogue/provincial-targets.toml``.

A provincial document (a plan, a work programme, an announcement in the provincial press) sets numbers for
that province alone. Its targets are ordinary ``Target`` objects (scope = that province), so the same engine
judges them against the province's figures; they are kept beside the catalogue's national targets, not
among them, so nothing national (the overview, the apportioned 参考目标) counts them. Each keeps its
document — name, number and issuer where the record gives them, the report it was read in — and the
verbatim sentence, found in the team's reference list by ``tests/reference/test_provincial_targets.py``.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from lib.core.periods import parse_month
from lib.reference.catalogue import Scope, Target
from lib.reference.regions import RegionRegistry

FILE_NAME = "provincial-targets.toml"
SOURCE_FILE = "provincial-figures.md"  # the reference list in data/sources/ the quotes come from
READ_AT = ("government_site", "outlet", "reprint")


class ProvincialTargetError(ValueError):
    """The provincial targets file says something the dashboard cannot use (names the entry)."""


@dataclass(frozen=True)
class ProvincialDocument:
    """Where a province's targets come from, as far as the record says (blank = not recorded)."""

    id: str
    region: str
    title: str
    quote: str
    row: int
    read_at: str
    number: str = ""
    issuer: str = ""
    date: date | None = None
    reported_by: str = ""
    reported_date: date | None = None
    url: str = ""
    read_url: str = ""  # a reprint's page: where it was read, never the source


@dataclass(frozen=True)
class ProvincialTarget:
    """One number of a provincial document, as a target the engine evaluates for that province."""

    target: Target  # scope region:<code>, program_id = the document's id)
    document: ProvincialDocument
    written: str  # the number exactly as the quote prints it

    @property
    def region(self) -> str:
        return self.document.region


def load_provincial_targets(folder: Path, regions: RegionRegistry, indicators: dict) -> tuple[ProvincialTarget, ...]:
    """Read and check the file (absent = no provincial targets); a wrong entry fails naming itself."""
    path = folder / FILE_NAME
    if not path.is_file():
        return ()
    with path.open("rb") as handle:
        raw = tomllib.load(handle)
    found, ids = [], set()
    for entry in raw.get("document", []):
        entry = dict(entry)
        targets = entry.pop("target", [])
        try:
            document = ProvincialDocument(**entry)
        except TypeError as error:
            raise ProvincialTargetError(f"{path}: document {entry.get('id', '?')!r}: {error}") from error
        problem = (
            (document.region not in regions.by_code and f"unknown region {document.region!r}")
            or (document.read_at not in READ_AT and f"read_at {document.read_at!r}")
            or (document.read_at == "reprint" and document.url and "a reprint's page is read_url, never the source url")
            or (not targets and "no target")
        )
        if problem:
            raise ProvincialTargetError(f"{path}: document {document.id!r}: {problem}")
        for item in targets:
            item = dict(item)
            written = item.pop("written", "")
            try:
                target = Target(
                    id=item.pop("id"),
                    index_id=f"provincial:{document.id}",
                    program_id=document.id,
                    indicator_id=item.pop("indicator"),
                    start=parse_month(item.pop("start")),
                    end=parse_month(item.pop("end")),
                    value=float(item.pop("value")),
                    scope=Scope("region", document.region),
                    quote=document.quote,
                    source_file=SOURCE_FILE,
                    **item,
                )
            except (KeyError, TypeError, ValueError) as error:
                raise ProvincialTargetError(f"{path}: a target of {document.id!r}: {error}") from error
            problem = (
                (target.id in ids and "duplicate id")
                or (target.indicator_id not in indicators and f"unknown indicator {target.indicator_id!r}")
                or ((not written or written not in document.quote) and f"{written!r} is not in the quote")
                or (target.end < target.start and "end before start")
            )
            if problem:
                raise ProvincialTargetError(f"{path}: target {target.id!r}: {problem}")
            ids.add(target.id)
            found.append(ProvincialTarget(target, document, written))
    return tuple(found)
