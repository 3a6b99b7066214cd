"""目标清单 Targets' view model: every target of the catalogue with its document, quote and status, the
filters' choices, and a target's verbatim quote found in its policy text."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from lib.core.i18n import t
from lib.core.memo import remember
from lib.progress.dataview import DataView
from lib.progress.engine import STATUSES, Progress
from lib.reference.catalogue import Catalogue
from lib.reference.labels import scope_text, target_period, target_value_text
from lib.reference.policy_docs import QuoteContext, quote_context
from lib.reference.regions import RegionRegistry
from lib.store.exports import to_csv_bytes
from lib.store.folder import DataFolder
from lib.views.markdown import markdown_table, md_escape
from lib.views.provinces import own_target_table
from lib.views.words import status_label


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


@dataclass(frozen=True)
class OwnTargetGroup:
    """One province's own targets (本省目标), as its Provinces detail shows them, and a link to it."""

    region_code: str
    heading: str  # 河南本省目标（8项）
    link_label: str  # 打开该省详情（分省页）: the group's heading names the province
    table: str  # the detail's own table (escaped Markdown, wrapping to fit): status, target, value, latest
    # figure, its date, standing, source


def own_target_groups(catalogue: Catalogue, regions: RegionRegistry, view: DataView | None, lang: str, pace: str):
    """Each province with its own targets, in the order of the regions list; none without data."""
    if view is None:
        return ()
    codes = {item.region for item in catalogue.provincial}
    groups = []
    for region in regions.units:
        if region.code not in codes:
            continue
        table = own_target_table(view, region.code, pace, lang)
        name = region.name(lang)
        groups.append(
            OwnTargetGroup(
                region.code,
                t("voice.targets_own_group", lang, region=name, count=len(table)),
                t("voice.targets_own_link", lang),
                markdown_table(table),
            )
        )
    return tuple(groups)


# --- the page's view model (pages/targets.py places it) ------------------------------------------------
@dataclass(frozen=True)
class TargetsPage:
    rows: pd.DataFrame  # every target (``_``-prefixed columns: codes for filtering)
    program_labels: dict[str, str]  # the filters' choices and their words
    scope_labels: dict[str, str]
    status_labels: dict[str, str]
    target_names: dict[str, str]
    others: pd.DataFrame  # programs without a numeric target
    own_groups: tuple[OwnTargetGroup, ...] = ()  # each province's own targets (本省目标), apart


def build(folder: DataFolder, catalogue: Catalogue, view: DataView | None, lang: str, pace: str) -> TargetsPage:
    """``catalogue``: the session's (the folder's plus the analyst's own targets); ``view`` None when
    the folder has no snapshot (every target then without data)."""
    regions = folder.regions
    rows = target_rows(catalogue, regions, view.progress(pace) if view else {}, lang)
    scopes = {
        target.scope.code(): scope_text(target, regions, lang).split("（")[0].split(" (")[0]
        for target in catalogue.targets
    }
    return TargetsPage(
        rows,
        {pid: catalogue.programs[pid].name(lang) for pid in sorted(set(rows["_program"]))},
        scopes,
        {status: status_label(status, lang) for status in STATUSES},
        {target.id: target.name(lang) for target in catalogue.targets},
        programs_without_targets(catalogue, lang),
        own_target_groups(catalogue, regions, view, lang, pace),
    )


@dataclass(frozen=True)
class TargetList:
    table: pd.DataFrame  # the rows the filters leave, without the codes
    csv: bytes
    choices: tuple[str, ...]  # the targets whose quote may be shown (all when none is left)


def build_list(
    folder: DataFolder,
    catalogue: Catalogue,
    view: DataView | None,
    programs: tuple[str, ...],
    scopes: tuple[str, ...],
    statuses: tuple[str, ...],
    lang: str,
    pace: str,
) -> TargetList:
    page = remember(build, folder, catalogue, view, lang, pace)
    shown = filter_rows(page.rows, list(programs), list(scopes), list(statuses))
    visible = shown[[c for c in shown.columns if not c.startswith("_")]]
    return TargetList(visible, to_csv_bytes(visible), tuple(shown["_target_id"]) or tuple(page.rows["_target_id"]))


@dataclass(frozen=True)
class Quote:
    """A target's document line and its verbatim quote in context (``found`` None: not found in the text)."""

    document: str  # escaped Markdown: title · document · issuer · date
    official: bool
    own_source: str  # an analyst's own target: the document as they gave it
    quote: str
    found: QuoteContext | None
    source_file: str


def build_quote(folder: DataFolder, catalogue: Catalogue, target_id: str, lang: str) -> Quote:
    target = catalogue.by_target[target_id]
    program = catalogue.programs[target.program_id]
    document = (
        f"**{md_escape(program.document_title)}** · {md_escape(program.document(lang))} · "
        f"{md_escape(program.issuer(lang))} · {program.date.isoformat()}"
    )
    found = quote_context(folder.path / "policy-docs", target.source_file, target.quote) if target.official else None
    return Quote(document, target.official, program.document(lang), target.quote, found, target.source_file)
