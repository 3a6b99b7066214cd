"""The upload pipeline, one function for every way in: a file read (``lib.upload.reader``) or rows
an engine counted where they live (``lib.upload.records_sql``) are interpreted with a column mapping
(the guess, or the analyst's), checked — values 100× away from the snapshot's typical one flagged,
a provincial analyst's rows kept to their province — and made the tidy rows a confirmation puts in
force. The Upload page calls it on every change of file or mapping, and ``python -m lib.cli snapshot
from-records`` on the rows it counted, so both say the same about the same rows. Confirming is one
call of its own (the person decides between checking and confirming)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from lib.progress.dataview import DataView
from lib.reference.catalogue import Catalogue
from lib.reference.own import OwnIndicator
from lib.reference.regions import RegionRegistry
from lib.upload.common import Mapping, Result
from lib.upload.interpret import guess_mapping, indicator_units, to_observations
from lib.upload.magnitude import checked
from lib.upload.reader import Table
from lib.upload.scope import within_scope
from lib.upload.session import tidy


@dataclass(frozen=True)
class CheckedUpload:
    """What a file (or a counted source) gives with a mapping: the result with every problem found,
    its tidy rows, and the analyst's own indicators those rows use."""

    result: Result
    observations: pd.DataFrame
    own_used: tuple[OwnIndicator, ...]

    @property
    def only_own(self) -> bool:
        """Every accepted row is an own indicator's (then merging beside the snapshot is the default)."""
        return bool(self.own_used) and len(self.own_used) == self.observations["indicator_id"].nunique()


def interpret(table: Table, catalogue: Catalogue, regions: RegionRegistry) -> Mapping:
    """The column mapping guessed for a table (or an engine's sample of a source)."""
    return guess_mapping(table, catalogue, regions)


def check_upload(
    rows: Table | Result,
    mapping: Mapping,
    catalogue: Catalogue,
    regions: RegionRegistry,
    *,
    base: DataView | None = None,
    scope: str | None = None,
) -> CheckedUpload:
    """interpret → check: ``rows`` (a read table, interpreted here with ``mapping``, or a result an
    engine counted) with the values 100× away from ``base``'s typical one flagged, before confirming,
    and a provincial analyst's rows kept to their ``scope`` (the others listed as errors)."""
    counted = rows if isinstance(rows, Result) else to_observations(rows, mapping, catalogue, regions)
    result = checked(counted, mapping, base, indicator_units(catalogue, mapping))
    if scope is not None:
        unit = regions.by_code.get(scope)  # a provincial analyst: their rows only
        result = within_scope(result, scope, *(unit.name(z) for z in ("zh", "en")) if unit else ())
    observations = tidy(result)
    used = tuple(mapping.own[i] for i in observations["indicator_id"].unique() if i in mapping.own)
    return CheckedUpload(result, observations, used)
