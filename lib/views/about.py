"""说明 About's view model: status legend, the inputs of every status, indicators, documents, what
each snapshot's figures are, the manifest and the versions."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly

from lib import __version__
from lib.core.formatting import format_percent, unit_text
from lib.core.i18n import t
from lib.progress.dataview import DataView
from lib.progress.engine import STATUSES, Progress
from lib.progress.statuses import SYMBOL
from lib.reference.catalogue import Catalogue
from lib.store.citations import citations_frame
from lib.store.exports import to_csv_bytes
from lib.store.folder import DataFolder
from lib.views.markdown import md_escape


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


# --- the page's view model (pages/about.py places it) ------------------------------------------------
@dataclass(frozen=True)
class AboutPage:
    tolerance: str  # ≈ within this share counts as met
    at_risk: str  # below this pace a target is at risk
    legend: pd.DataFrame
    inputs: pd.DataFrame | None  # every status's inputs (None without data)
    inputs_csv: bytes
    indicators: pd.DataFrame
    programs: pd.DataFrame
    kinds: pd.DataFrame
    in_use: str  # the snapshot whose citations follow ("" when it has none)
    citations: pd.DataFrame | None
    manifest: pd.DataFrame | None
    versions: dict[str, str]  # this app's, plotly's, pandas'


def build(folder: DataFolder, view: DataView | None, base_view: DataView | None, lang: str, pace: str) -> AboutPage:
    """``view``: the data in force (None without a snapshot); ``base_view``: the chosen snapshot before
    any upload (its figures are what the kinds table counts)."""
    settings = view.settings if view else None
    inputs = inputs_table(view, view.progress(pace)) if view else None
    cited = view is not None and view.store.has_citations
    ref = folder.snapshot(view.provenance.snapshot_id) if view else None
    manifest = None
    if ref:
        fields = ref.manifest.as_json()
        manifest = pd.DataFrame(
            {t("about.field", lang): list(fields), t("about.value", lang): [str(v) for v in fields.values()]}
        )
    return AboutPage(
        format_percent(settings.approx_tolerance if settings else 0.05, 0),
        f"{settings.at_risk_pace if settings else 0.9:g}",
        status_legend(lang),
        inputs,
        to_csv_bytes(inputs) if inputs is not None else b"",
        indicator_table(folder.catalogue, lang),
        program_table(folder.catalogue, lang),
        figure_kinds(folder.snapshots, base_view, lang),
        t("about.in_use", lang, id=md_escape(view.provenance.snapshot_id)) if cited else "",
        citations_frame(view.store.citations, lang) if cited else None,
        manifest,
        {"version": __version__, "plotly": plotly.__version__, "pandas": pd.__version__},
    )
