"""说明 About's view model: status legend, the inputs of every status, indicators, documents, what
each snapshot's figures are, the manifest and the versions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pandas as pd
import plotly

from lib import __version__
from lib.core.formatting import format_percent, format_quantity, unit_text
from lib.core.i18n import strings, t
from lib.progress.dataview import DataView
from lib.progress.engine import STATUSES, Progress
from lib.progress.measures import MEASURES, is_count
from lib.progress.statuses import SYMBOL
from lib.reference.catalogue import Catalogue
from lib.store.citations import citations_frame
from lib.store.exports import to_csv_bytes
from lib.store.folder import DataFolder
from lib.views.markdown import markdown_table, md_escape
from lib.views.words import completion_value, measure_formula, measure_name, pace_value, percent, status_label


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
            t("col.indicator", lang): [i.name(lang) for i in catalogue.indicators.values()],
            t("col.unit", lang): [unit_text(i.unit, lang) for i in catalogue.indicators.values()],
            t("col.kind", lang): [t(f"measure.words.kind_{i.kind}", lang) for i in catalogue.indicators.values()],
            t("col.frequency", lang): [
                t(f"measure.words.frequency_{i.frequency}", lang) for i in catalogue.indicators.values()
            ],
            t("col.breakdowns", lang): [
                t("list.sep", lang).join(breakdown_name(b, lang) for b in i.breakdowns)
                for i in catalogue.indicators.values()
            ],
        }
    )


def breakdown_name(column: str, lang: str) -> str:
    """A breakdown column by its name in words (培训类型), never its id."""
    key = f"dimension.{column}"
    return t(key, lang) if key in strings() else t("measure.data.breakdown", lang)


def program_table(catalogue: Catalogue, lang: str) -> pd.DataFrame:
    programs = list(catalogue.programs.values())
    return pd.DataFrame(
        {
            t("col.program", lang): [p.name(lang) for p in programs],
            t("col.document", lang): [p.document(lang) for p in programs],
            t("col.issuer", lang): [p.issuer(lang) for p in programs],
            t("col.date", lang): [p.date.isoformat() for p in programs],
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


def readable_inputs(view: DataView, progress: dict[str, Progress], lang: str) -> pd.DataFrame:
    """The inputs of every status as a reader checks them (issue #21): the target and region by name,
    the status in words, each figure with its unit and each measure under its one name — never the
    engine's field names (``target_id``, ``A_or_V``) or enum values (``off_track``). The engine's own
    record (``Progress.inputs``) stays in the CSV an analyst downloads from the same table."""
    regions = view.store.regions
    rows = []
    for target in view.catalogue.targets:
        result = progress[target.id]
        unit = view.catalogue.indicators[result.proxy_indicator or target.indicator_id].unit
        for shown in (result, *result.members, *result.years):
            code = shown.region_code
            rows.append(
                {
                    t("col.target", lang): target.name(lang),
                    t("provinces.region", lang): regions.by_code[code].name(lang) if code in regions.by_code else "—",
                    t("programs.year", lang): str(shown.year) if shown.year else "",
                    t("col.status", lang): status_label(shown.status, lang),
                    t("col.target_value", lang): format_quantity(shown.target_value, unit, lang),
                    t("col.actual", lang): format_quantity(shown.actual, unit, lang),
                    t("measure.time_elapsed", lang): percent(shown.time_elapsed),
                    t("measure.words.expected", lang): format_quantity(shown.expected, unit, lang),
                    t("measure.completion", lang): completion_value(shown) if is_count(target) else "—",
                    t("measure.baseline_progress", lang): "—" if is_count(target) else percent(shown.completion),
                    t("measure.pace", lang): pace_value(shown),
                    t("chart.projection", lang): format_quantity(shown.projection, unit, lang),
                    t("measure.words.baseline", lang): format_quantity(shown.baseline, unit, lang)
                    + (f"（{shown.baseline_period:%Y-%m}）" if shown.baseline_period else ""),
                    t("measure.words.national_source", lang): t(f"measure.words.source_{shown.national_source}", lang)
                    if shown.national_source
                    else "",
                }
            )
    return pd.DataFrame(rows)


def created_text(stamp: str) -> str:
    """``2026-11-01T00:00:00+00:00`` as a reader says it: ``2026-11-01 00:00 UTC``."""
    try:
        moment = datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        return str(stamp)
    return (
        f"{moment:%Y-%m-%d %H:%M} UTC"
        if moment.utcoffset() is not None and not moment.utcoffset()
        else f"{moment:%Y-%m-%d %H:%M}"
    )


LICENCE_WORDS = {  # the licences the bundled snapshots' manifests name, in the reader's language
    "CC0-1.0 (synthetic data)": "measure.words.licence_demo",
    "Published statistics, quoted for verification (no licence claimed)": "measure.words.licence_published",
}


def licence_text(licence: str, lang: str) -> str:
    """A manifest's licence in the reader's language where it is one the product knows (manifests are
    written once, in English); any other as the manifest gives it."""
    return t(LICENCE_WORDS[licence], lang) if licence in LICENCE_WORDS else licence


def readable_manifest(manifest: dict, lang: str) -> pd.DataFrame:
    """The snapshot's manifest, each field named in words (the raw JSON keys stay in the file)."""
    labels = {
        "id": "data.col_id",
        "as_of": "data.col_as_of",
        "title": "data.col_title",
        "publisher": "data.col_publisher",
        "source": "data.col_source",
        "license": "data.col_license",
        "rows": "data.col_rows",
        "demo": "data.col_demo",
        "created_at": "data.col_created",
        "sha256": "measure.words.sha256",
    }
    shown = [(key, value) for key, value in manifest.items() if key in labels]
    values = [
        (t("data.yes", lang) if value else t("data.no", lang))
        if isinstance(value, bool)
        else created_text(value)
        if key == "created_at"
        else licence_text(str(value), lang)
        if key == "license"
        else str(value)
        for key, value in shown
    ]
    return pd.DataFrame(
        {t("about.field", lang): [t(labels[key], lang) for key, _ in shown], t("about.value", lang): values}
    )


def glossary(lang: str) -> pd.DataFrame:
    """The measures the product shows, each once with its formula and rounding (``lib.views.words``)."""
    return pd.DataFrame(
        {
            t("measure.glossary_name", lang): [measure_name(measure, lang) for measure in MEASURES],
            t("measure.glossary_formula", lang): [measure_formula(measure, lang) for measure in MEASURES],
        }
    )


# --- the page's view model (pages/about.py places it) ------------------------------------------------
@dataclass(frozen=True)
class AboutPage:
    tolerance: str  # ≈ within this share counts as met
    at_risk: str  # below this pace a target is at risk
    glossary: str  # each measure once: its one name, formula and rounding (a markdown table)
    legend: pd.DataFrame
    inputs: pd.DataFrame | None  # every status's inputs in names and words (None without data)
    inputs_csv: bytes  # the engine's own record of the same rows, for an analyst
    inputs_rows: int
    indicators: pd.DataFrame
    programs: pd.DataFrame
    kinds: pd.DataFrame
    in_use: str  # the snapshot whose citations follow ("" when it has none)
    citations: pd.DataFrame | None
    manifest: pd.DataFrame | None
    versions: dict[str, str]  # this app's, plotly's, pandas'
    data_folder: str  # the data folder in words (its path is for the Admin page)


def build(folder: DataFolder, view: DataView | None, base_view: DataView | None, lang: str, pace: str) -> AboutPage:
    """``view``: the data in force (None without a snapshot); ``base_view``: the chosen snapshot before
    any upload (its figures are what the kinds table counts)."""
    settings = view.settings if view else None
    inputs = inputs_table(view, view.progress(pace)) if view else None
    shown_inputs = readable_inputs(view, view.progress(pace), lang) if view else None
    cited = view is not None and view.store.has_citations
    ref = folder.snapshot(view.provenance.snapshot_id) if view else None
    manifest = None
    if ref:
        fields = ref.manifest.as_json() | {
            "title": ref.manifest.title_in(lang),
            "source": ref.manifest.source_in(lang),
            "publisher": ref.manifest.publisher_in(lang),
        }
        manifest = readable_manifest(fields, lang)
    return AboutPage(
        format_percent(settings.approx_tolerance if settings else 0.05, 0),
        f"{settings.at_risk_pace if settings else 0.9:g}",
        markdown_table(glossary(lang)),
        status_legend(lang),
        shown_inputs,
        to_csv_bytes(inputs) if inputs is not None else b"",
        len(inputs) if inputs is not None else 0,
        indicator_table(folder.catalogue, lang),
        program_table(folder.catalogue, lang),
        figure_kinds(folder.snapshots, base_view, lang),
        t("about.in_use", lang, id=md_escape(view.provenance.snapshot_id)) if cited else "",
        citations_frame(view.store.citations, lang) if cited else None,
        manifest,
        {"version": __version__, "plotly": plotly.__version__, "pandas": pd.__version__},
        t("measure.words.data_folder", lang),  # a server path is for the Admin page
    )
