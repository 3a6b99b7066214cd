"""The Targets page's table: every target of the catalogue with its document, quote and status."""

from __future__ import annotations

import pandas as pd

from lib.core.i18n import t
from lib.progress.engine import Progress
from lib.progress.statuses import status_label
from lib.reference.catalogue import Catalogue
from lib.reference.labels import scope_text, target_period, target_value_text
from lib.reference.regions import RegionRegistry


def target_rows(
    catalogue: Catalogue, regions: RegionRegistry, progress: dict[str, Progress], lang: str
) -> pd.DataFrame:
    """One row per target; the ``_``-prefixed columns hold codes for filtering."""
    rows = []
    for target in catalogue.targets:
        program = catalogue.programs[target.program_id]
        indicator = catalogue.indicators[target.indicator_id]
        status = progress[target.id].status if target.id in progress else "no_data"
        rows.append(
            {
                "_target_id": target.id,
                "_program": target.program_id,
                "_scope": target.scope.code(),
                "_status": status,
                t("col.status", lang): status_label(status, lang),
                t("col.target", lang): target.name(lang),
                t("col.target_value", lang): target_value_text(target, indicator.unit, lang),
                t("col.period", lang): target_period(target, lang),
                t("col.scope", lang): scope_text(target, regions, lang),
                t("col.kind", lang): t(f"kind.{target.kind}", lang),
                t("col.indicator", lang): indicator.name(lang),
                t("col.document", lang): program.document(lang),
                t("col.issuer", lang): program.issuer(lang),
                t("col.date", lang): program.date.isoformat(),
                t("col.quote", lang): target.quote,
                t("col.source_file", lang): target.source_file,
            }
        )
    return pd.DataFrame(rows)


def programs_without_targets(catalogue: Catalogue, lang: str) -> pd.DataFrame:
    with_targets = {target.program_id for target in catalogue.targets}
    rows = [
        {
            t("col.program", lang): program.name(lang),
            t("col.document", lang): program.document(lang),
            t("col.issuer", lang): program.issuer(lang),
            t("col.date", lang): program.date.isoformat(),
            t("col.notes", lang): program.notes(lang),
        }
        for program in catalogue.programs.values()
        if program.id not in with_targets
    ]
    return pd.DataFrame(rows)


def filter_rows(rows: pd.DataFrame, programs: list[str], scopes: list[str], statuses: list[str]) -> pd.DataFrame:
    """Rows matching every chosen filter (an empty choice means all)."""
    keep = pd.Series(True, index=rows.index)
    for column, chosen in (("_program", programs), ("_scope", scopes), ("_status", statuses)):
        if chosen:
            keep &= rows[column].isin(chosen)
    return rows[keep]


def own_target_rows(
    catalogue: Catalogue, regions: RegionRegistry, progress: dict[str, Progress], lang: str
) -> pd.DataFrame:
    """The analyst's own targets of this session, as the Targets page lists them (with their status)."""
    rows = []
    for target in catalogue.targets:
        if target.official:
            continue
        indicator = catalogue.indicators[target.indicator_id]
        status = progress[target.id].status if target.id in progress else "no_data"
        rows.append(
            {
                "_target_id": target.id,
                t("col.status", lang): status_label(status, lang),
                t("col.target", lang): target.name(lang),
                t("col.indicator", lang): indicator.name(lang),
                t("col.target_value", lang): target_value_text(target, indicator.unit, lang),
                t("col.period", lang): target_period(target, lang),
                t("col.scope", lang): scope_text(target, regions, lang),
                t("col.kind", lang): t(f"kind.{target.kind}", lang),
                t("col.document", lang): catalogue.programs[target.program_id].document(lang),
                t("col.quote", lang): target.quote,
            }
        )
    return pd.DataFrame(rows)
