"""Tables of the About page: status legend, the inputs of every status, indicators, documents."""

from __future__ import annotations

import pandas as pd

from lib.core.formatting import unit_text
from lib.core.i18n import t
from lib.progress.dataview import DataView
from lib.progress.engine import STATUSES, Progress
from lib.progress.statuses import SYMBOL
from lib.reference.catalogue import Catalogue


def status_legend(lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("col.symbol", lang): [SYMBOL[s] for s in STATUSES],
            t("col.meaning", lang): [t(f"status.{s}", lang) for s in STATUSES],
        }
    )


def inputs_table(view: DataView, progress: dict[str, Progress]) -> pd.DataFrame:
    """Every status with its inputs; group targets list each member, annual targets each year."""
    rows = []
    for target in view.catalogue.targets:
        result = progress[target.id]
        rows.append(result.inputs())
        rows.extend(member.inputs() for member in result.members)
        rows.extend(year.inputs() for year in result.years)
    return pd.DataFrame(rows)


def indicator_table(catalogue: Catalogue, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("col.id", lang): [i.id for i in catalogue.indicators.values()],
            t("col.indicator", lang): [i.name(lang) for i in catalogue.indicators.values()],
            t("col.unit", lang): [unit_text(i.unit, lang) for i in catalogue.indicators.values()],
            t("col.kind", lang): [i.kind for i in catalogue.indicators.values()],
            t("col.frequency", lang): [i.frequency for i in catalogue.indicators.values()],
            t("col.breakdowns", lang): [", ".join(i.breakdowns) for i in catalogue.indicators.values()],
        }
    )


def program_table(catalogue: Catalogue, lang: str) -> pd.DataFrame:
    programs = list(catalogue.programs.values())
    return pd.DataFrame(
        {
            t("col.program", lang): [p.name(lang) for p in programs],
            t("col.document", lang): [p.document(lang) for p in programs],
            t("col.issuer", lang): [p.issuer(lang) for p in programs],
            t("col.date", lang): [p.date.isoformat() for p in programs],
            t("col.source_file", lang): [", ".join(p.source_files) for p in programs],
        }
    )


def figure_kinds(snapshots, view: DataView | None, lang: str) -> pd.DataFrame:
    """Per snapshot: what its figures are — demo, official and checked, official through reprints
    (二手来源), or uncited statistics — and how many of each (the split by citation for the snapshot
    in use; another cited snapshot is counted as a whole, without opening it)."""
    rows = []
    for ref in snapshots:
        manifest = ref.manifest
        counts: dict[str, int] = {}
        if manifest.demo:
            counts["kind_demo"] = manifest.rows
        elif manifest.has_citations and view is not None and view.provenance.snapshot_id == ref.id:
            for citation_id in view.store.frame["citation_id"]:
                citation = view.store.citation(citation_id)
                kind = "kind_official" if citation and not citation["secondary"] else "kind_secondary"
                counts[kind] = counts.get(kind, 0) + 1
        else:
            counts["kind_cited" if manifest.has_citations else "kind_uncited"] = manifest.rows
        for kind, count in counts.items():
            rows.append(
                {
                    t("data.col_id", lang): ref.id,
                    t("data.col_title", lang): manifest.title_in(lang),
                    t("about.kind_col", lang): t(f"about.{kind}", lang),
                    t("about.count_col", lang): count,
                }
            )
    return pd.DataFrame(rows)
