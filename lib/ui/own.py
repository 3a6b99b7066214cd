"""An analyst's own indicators and targets — saved in their workspace in the database as they are
defined (``lib.ui.persistence``), a copy in this session — and the data view every page reads while
any are defined or an upload is in force.

Pages never touch the session for these: they call the functions here, which keep plain
dictionaries (``OwnIndicator.to_dict()``, ``OwnTarget.to_dict()``) under ``lib.ui.keys`` — so a
database can take the session's place without a page changing. The data folder's catalogue (shared
by every session) is never changed: the session's is a new object built over it.
"""

from __future__ import annotations

import streamlit as st

from lib.core.memo import remember
from lib.progress.dataview import DataView
from lib.reference.catalogue import COMPARATORS, TARGET_KINDS, Catalogue
from lib.reference.labels import GROUP_KEYS
from lib.reference.own import OwnIndicator, OwnTarget, session_catalogue
from lib.ui import keys
from lib.ui.context import Context
from lib.ui.persistence import forget_own_record, keep_own_records
from lib.ui.tables import dataframe
from lib.ui.upload import active_upload, remember_own_indicators, upload_view_in_force
from lib.upload.own_targets import check_target, read_targets_file, targets_toml, template_csv, template_toml
from lib.upload.session import digest, session_view
from lib.views.markdown import md_escape
from lib.views.targets import own_target_rows


# --- the records: saved for their owner, a copy in this session ------------------------------------------
def own_indicators() -> list[OwnIndicator]:
    return [OwnIndicator.from_dict(item) for item in st.session_state.get(keys.OWN_INDICATORS, [])]


def own_targets() -> list[OwnTarget]:
    return [OwnTarget.from_dict(item) for item in st.session_state.get(keys.OWN_TARGETS, [])]


def add_own_indicators(indicators) -> None:
    """Keep these own indicators (one of the same id is replaced), in the session and the workspace."""
    records = remember_own_indicators(indicators)
    _save("indicator", records)


def add_own_targets(targets) -> None:
    records = [target.to_dict() for target in targets]
    kept = {item["id"]: item for item in st.session_state.get(keys.OWN_TARGETS, [])}
    kept.update({record["id"]: record for record in records})
    st.session_state[keys.OWN_TARGETS] = list(kept.values())
    _save("target", records)


def remove_own_target(target_id: str) -> None:
    st.session_state[keys.OWN_TARGETS] = [
        item for item in st.session_state.get(keys.OWN_TARGETS, []) if item["id"] != target_id
    ]
    ctx = st.session_state.get(keys.CONTEXT)
    if ctx is not None:
        forget_own_record(ctx, "target", target_id)


def _save(kind: str, records: list[dict]) -> None:
    ctx = st.session_state.get(keys.CONTEXT)
    if ctx is not None and records:
        keep_own_records(ctx, kind, records, [record.get("name_zh") or record["id"] for record in records])


def has_own() -> bool:
    return bool(st.session_state.get(keys.OWN_INDICATORS) or st.session_state.get(keys.OWN_TARGETS))


# --- the session's catalogue and data view ------------------------------------------------------------
def session_catalogue_of(ctx: Context) -> Catalogue:
    """The data folder's catalogue plus this session's own indicators and targets."""
    if not has_own():
        return ctx.folder.catalogue
    return session_catalogue(ctx.folder.catalogue, own_indicators(), own_targets())


def session_data_view(ctx: Context) -> DataView:
    """What every page of this session shows: the upload in force (alone or over the snapshot), or
    the snapshot read with the session's own targets — kept by the one memo, keyed on the snapshot and
    the session's catalogue (so never another person's unless their own targets are the same)."""
    catalogue = session_catalogue_of(ctx)
    if active_upload():
        return upload_view_in_force(ctx, catalogue)
    return remember(session_view, ctx.base_view, catalogue)


# --- the Targets page's panel: define, upload, list, remove, download -----------------------------------
def _flash(text: str | None = None) -> str | None:
    """A message to show once on the next run (a rerun follows every change)."""
    if text is not None:
        st.session_state[keys.OWN_FLASH] = text
        return text
    return st.session_state.pop(keys.OWN_FLASH, None)


def own_targets_panel(ctx: Context) -> None:
    """The analyst's own targets: the list with their status, the form, the template file."""
    if not ctx.identity.can("upload"):  # own targets are an analyst's (a viewer sees the catalogue's)
        return
    catalogue = session_catalogue_of(ctx)
    with st.container(key="own-targets"):
        st.subheader(ctx.t("own.targets_heading"))
        st.caption(ctx.t("own.targets_help") + " " + ctx.t("own.session_note"))
        message = _flash()
        if message:
            st.success(md_escape(message), icon=":material/check_circle:")
        rows = own_target_rows(catalogue, ctx.folder.regions, ctx.progress(), ctx.lang)
        if rows.empty:
            st.caption(ctx.t("own.list_empty"))
        else:
            dataframe(rows.drop(columns=["_target_id"]), width="stretch", key="own-target-table")
            removing = st.columns([3, 1])
            chosen = removing[0].selectbox(
                ctx.t("own.remove"),
                list(rows["_target_id"]),
                format_func=lambda tid: catalogue.by_target[tid].name(ctx.lang),
                key="own-target-remove-choice",
                label_visibility="collapsed",
            )
            if removing[1].button(ctx.t("own.remove"), key="own-target-remove", icon=":material/delete:"):
                name = catalogue.by_target[chosen].name(ctx.lang)
                remove_own_target(chosen)
                _flash(ctx.t("own.removed", name=name))
                st.rerun()
            targets = own_targets()
            st.download_button(
                ctx.t("own.download_toml", count=len(targets)),
                targets_toml(targets),
                file_name="own-targets.toml",
                mime="application/toml",
                key="own-targets-toml",
                on_click="ignore",
            )
        with st.expander(ctx.t("own.form_heading"), expanded=rows.empty):
            _target_form(ctx, catalogue)
        buttons = st.columns(2)
        buttons[0].download_button(
            ctx.t("own.template_csv"),
            template_csv(),
            file_name="own-targets-template.csv",
            mime="text/csv",
            key="own-template-csv",
            on_click="ignore",
        )
        buttons[1].download_button(
            ctx.t("own.template_toml"),
            template_toml(),
            file_name="own-targets-template.toml",
            mime="application/toml",
            key="own-template-toml",
            on_click="ignore",
        )
        _targets_file(ctx, catalogue)


def _target_form(ctx: Context, catalogue: Catalogue) -> None:
    regions = ctx.folder.regions
    indicators = list(catalogue.indicators)
    with st.form("own-target-form", border=False):
        row = st.columns(2)
        name_zh = row[0].text_input(ctx.t("own.field.name_zh"), key="target-form-name_zh")
        name_en = row[1].text_input(ctx.t("own.field.name_en"), key="target-form-name_en")
        row = st.columns(3)
        indicator = row[0].selectbox(
            ctx.t("own.field.indicator"),
            indicators,
            format_func=lambda i: catalogue.indicators[i].name(ctx.lang),
            key="target-form-indicator",
        )
        kind = row[1].selectbox(
            ctx.t("own.field.kind"), TARGET_KINDS, format_func=lambda k: ctx.t(f"kind.{k}"), key="target-form-kind"
        )
        comparator = row[2].selectbox(
            ctx.t("own.field.comparator"),
            COMPARATORS,
            format_func=lambda c: ctx.t(
                {">=": "own.comparator_ge", "approx": "own.comparator_approx", "<=": "own.comparator_le"}[c]
            ),
            key="target-form-comparator",
        )
        row = st.columns(3)
        scope_kind = row[0].radio(
            ctx.t("own.scope_kind"),
            ("national", "region", "group"),
            format_func=lambda k: ctx.t(f"own.scope_{k}"),
            key="target-form-scope_kind",
        )
        region = row[1].selectbox(
            ctx.t("own.region"),
            [unit.code for unit in regions.units],
            format_func=lambda code: regions.by_code[code].name(ctx.lang),
            key="target-form-region",
        )
        group = row[2].selectbox(
            ctx.t("own.group"), list(GROUP_KEYS), format_func=lambda g: ctx.t(GROUP_KEYS[g]), key="target-form-group"
        )
        row = st.columns(3)
        value = row[0].text_input(ctx.t("own.field.value"), help=ctx.t("own.value_help"), key="target-form-value")
        start = row[1].text_input(ctx.t("own.field.start"), help=ctx.t("own.period_help"), key="target-form-start")
        end = row[2].text_input(ctx.t("own.field.end"), help=ctx.t("own.period_help"), key="target-form-end")
        row = st.columns(2)
        baseline_period = row[0].text_input(ctx.t("own.field.baseline_period"), key="target-form-baseline_period")
        baseline_value = row[1].text_input(ctx.t("own.field.baseline_value"), key="target-form-baseline_value")
        internal = st.checkbox(ctx.t("own.internal"), key="target-form-internal")
        document = st.text_input(ctx.t("own.field.document"), key="target-form-document")
        quote = st.text_area(ctx.t("own.field.quote"), key="target-form-quote", height=80)
        submitted = st.form_submit_button(ctx.t("own.form_submit"), type="primary", icon=":material/add:")
    if not submitted:
        return
    scope = {"national": "national", "region": f"region:{region}", "group": f"group:{group}"}[scope_kind]
    draft = dict(
        name_zh=name_zh,
        name_en=name_en,
        indicator=indicator,
        scope=scope,
        kind=kind,
        comparator=comparator,
        value=value,
        start=start,
        end=end,
        baseline_period=baseline_period,
        baseline_value=baseline_value,
        document="内部目标" if internal else document,
        quote=quote,
    )
    target, problems = check_target(draft, catalogue, regions)
    if problems:
        with st.container(key="own-target-errors"):
            st.error(
                ctx.t("own.not_added") + "\n\n" + "\n".join(f"- {md_escape(p.text(ctx.lang))}" for p in problems),
                icon=":material/error:",
            )
        return
    add_own_targets([target])
    _flash(ctx.t("own.added", name=target.target().name(ctx.lang)))
    st.rerun()


def _targets_file(ctx: Context, catalogue: Catalogue) -> None:
    """Own targets from a CSV/TOML file like the template, each file read once."""
    uploaded = st.file_uploader(ctx.t("own.file"), type=["csv", "toml", "txt"], key="own-targets-file")
    if uploaded is None:
        return
    data = uploaded.getvalue()
    seen = st.session_state.setdefault(keys.OWN_FILES_READ, {})
    key = digest(data)
    if key not in seen:
        targets, problems = read_targets_file(uploaded.name, data, catalogue, ctx.folder.regions)
        seen[key] = (len(targets), problems)  # said in the language of each run, not of the read
        if targets:
            add_own_targets(targets)
            _flash(ctx.t("own.file_added", count=len(targets)))
            st.rerun()
    _, problems = seen[key]
    if problems:
        with st.container(key="own-targets-file-errors"):
            st.error(
                ctx.t("own.file_problems", count=len(problems))
                + "\n\n"
                + "\n".join(f"- {md_escape(p.text(ctx.lang))}" for p in problems),
                icon=":material/error:",
            )
