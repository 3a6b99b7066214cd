"""Every locale key is used: named as a string somewhere in lib/, pages/ or app.py, or one of the
families the code builds from a value (``f"status.{status}"``), each listed below with where it is
built. A key nobody asks for any more is a translation kept up for nothing — and a family written
broader than the code builds it would hide such keys, so the families are as narrow as their keys."""

import ast
import re
from pathlib import Path

from lib.core.i18n import LOCALES, file_strings
from tests import locale_homes

REPO = Path(__file__).resolve().parents[2]

# each family of keys built from a value at run time: its pattern, and where it is built
FAMILIES = {
    r"about\.kind_\w+": "lib/views/about.py figure_kinds: f'about.{kind}'",
    r"actions\.\w+": "lib/ui/identity.py allowed: f'actions.{action}'",
    r"admin\.col_\w+": "lib/views/admin.py: f'admin.col_{column}'",
    r"admin\.kind_\w+": "lib/views/admin.py rules_table: f'admin.kind_{kind}'",
    r"alerts\.change_to_\w+": "lib/views/alerts.py: f'alerts.change_{change}'",
    r"alerts\.colour_\w+": "lib/views/alerts.py: f'alerts.colour_{colour}'",
    r"audit\.\w+": "lib/views/admin.py audit_table: f'audit.{action}'",
    r"category\..+": "lib/views/programs.py category_label: 'category.' + the catalogue's category",
    r"changes\.(mom|yoy)_points": "lib/views/provinces.py monthly_table: f'changes.{kind}_points'",
    r"cli\.help\.\w+_column": "lib/cli/snapshot.py register: f'cli.help.{name}_column'",
    r"data\.(changed|added|removed)": "lib/ui/compare.py compare_panel: f'data.{kind}'",
    r"dimension\.\w+": "lib/views/about.py, data.py, programs.py: f'dimension.{dimension}'",
    r"evidence\.(at_least|about)": "lib/views/evidence.py bounded: f'evidence.{kind}'",
    r"followups\.changed_\w+": "lib/views/followups.py trail_words: f'followups.changed_{field}'",
    r"followups\.count_\w+": "lib/views/followups.py build: f'followups.count_{status}'",
    r"followups\.error\.\w+_missing": "lib/store/followups.py: f'followups.error.{field}_missing'",
    r"followups\.fieldname\.\w+": "lib/store/followups.py: f'followups.fieldname.{field}'",
    r"followups\.move_\w+": "lib/ui/followups.py: f'followups.move_{status}'",
    r"followups\.status_\w+": "lib/ui/followups.py, lib/views/followups.py: f'followups.status_{status}'",
    r"followups\.trail_\w+": "lib/views/followups.py: f'followups.trail_{kind}' and f'followups.trail_{kind}_word'",
    r"grouping\.\w+": "lib/views/provinces.py: f'grouping.{grouping}'",
    r"kind\.\w+": "lib/ui/own.py, lib/views/targets.py: f'kind.{target.kind}'",
    r"measure\.\w+_formula": "lib/views/words.py measure_formula: f'measure.{measure.key}_formula'",
    r"measure\.data\.kind_\w+": "lib/views/data.py readable_changes: f'measure.data.kind_{kind}'",
    r"measure\.words\.(frequency|kind|source)_\w+": "lib/views/about.py: f'measure.words.kind_{kind}' …",
    r"metric\.\w+": "lib/views/provinces.py, lib/charts/provinces.py: f'metric.{metric}'",
    r"nav\.\w+": "lib/views/registry.py PageEntry: f'nav.{page}'",
    r"nav_section\.\w+": "app.py: f'nav_section.{section}'",
    r"own\.error\.\w+": "lib/upload/own_targets.py TargetProblem: f'own.error.{code}'",
    r"own\.field\.\w+": "lib/upload/own_targets.py TargetProblem: f'own.field.{field}'",
    r"own\.kind_\w+": "lib/ui/upload.py, lib/views/data.py: f'own.kind_{kind}'",
    r"own\.mark_\w+": "lib/reference/catalogue.py origin_mark: f'own.mark_{origin}'",
    r"own\.scope_\w+": "lib/ui/own.py: f'own.scope_{scope}'",
    r"own\.source\.\w+": "lib/ui/upload.py: f'own.source.{source}'",
    r"pace\.\w+": "lib/briefing: f'pace.{method}'",
    r"present\.step_\w+": "lib/ui/present.py export_panel: f'present.step_{step}'",
    r"problem\.\w+": "lib/views/upload.py reason_words, lib/cli/snapshot.py: f'problem.{code}'",
    r"programs\.seasonal_\w+": "lib/views/programs.py: f'programs.{pace_note}'",
    r"provinces\.reference_note_\w+": "lib/views/provinces.py reference_note: f'provinces.reference_note_{why}'",
    r"provincial\.missing_\w+": "lib/views/provinces.py own_document_text: f'provincial.missing_{part}'",
    r"provincial\.read_at_\w+": "lib/store/citations.py: f'provincial.read_at_{read_at}'",
    r"records\.step_\w+": "lib/ui/records.py, lib/cli/snapshot.py: f'records.step_{step}'",
    r"records_progress\.(cancel|cancelled)_(count|stage)": "lib/ui/records.py engine_panel: f'…_{verb}'",
    r"records_progress\.(count|stage)_again": "lib/ui/records.py engine_panel: f'records_progress.{verb}_again'",
    r"region\.error\.\w+": "lib/reference/regions.py RegionError: f'region.error.{reason}'",
    r"report\.changed_to_\w+": "lib/briefing/report.py: f'report.changed_to_{colour}'",
    r"report\.col_\w+": "lib/briefing/report.py _ranking: f'report.col_{column}'",
    r"roles\.\w+": "lib/ui/identity.py: f'roles.{role}'",
    r"status\.\w+": "lib/views/words.py status_label: f'status.{status}'",
    r"subscriptions\.(channel|last|status)_\w+": "lib/ui/subscriptions.py, lib/views/subscriptions.py",
    r"ui\.asof_kind_\w+": "lib/ui/widgets.py page_header: f'ui.asof_kind_{kind}'",
    r"ui\.language_\w+": "lib/ui/controls.py, subscriptions: f'ui.language_{lang}'",
    r"upload\.col_\w+": "lib/views/upload.py problem_table: f'upload.col_{column}'",
    r"upload\.kind_\w+": "lib/views/upload.py problem_table: f'upload.kind_{kind}'",
    r"upload\.mode_\w+": "lib/ui/upload.py, lib/views/workspace.py, pages/review.py: f'upload.mode_{mode}'",
    r"upload\.shape_\w+": "lib/ui/upload.py, lib/views/upload.py: f'upload.shape_{shape}'",
    r"upload\.template_\w+": "lib/ui/upload_page.py, lib/views/upload.py: f'upload.template_{kind}[_help]'",
    r"upload\.unit_source_\w+": "lib/views/upload.py units_table: f'upload.unit_source_{source}'",
    r"upload\.ytd\.skipped_\w+": "lib/ui/upload.py: f'upload.ytd.skipped_{why}'",
    r"workspace\.kind_\w+": "lib/views/workspace.py build: f'workspace.kind_{kind}'",
    r"workspace\.state_\w+": "lib/views/workspace.py submission_state: f'workspace.state_{state}'",
}


def every_key() -> dict[str, str]:
    """Each key of every locale file, with the file it is in."""
    return {key: path.name for path in sorted(LOCALES.glob("*.toml")) for key in file_strings(path)}


def named_in_code() -> set[str]:
    """Every string literal of lib/, pages/ and app.py (a key named as it is)."""
    found = set()
    for path in [*REPO.glob("lib/**/*.py"), *REPO.glob("pages/*.py"), REPO / "app.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.add(node.value)
    return found


def built_by_code() -> list[re.Pattern]:
    """The key patterns the code builds (f-strings, literals ending in ``.``, ``"prefix." + x``)."""
    return [
        pattern
        for module in locale_homes.sources()
        for name in locale_homes.definitions(module)
        for pattern in locale_homes.patterns((module, name))[1]
    ]


def test_every_locale_key_is_used_by_the_code():
    """Failed with the 33 keys no code asked for any more (``upload.save_*``, ``alerts.col_pace``,
    ``report.gap_*``, ``measure.standing_help`` …, left from earlier rewrites)."""
    named, families = named_in_code(), [re.compile(pattern) for pattern in FAMILIES]
    unused = [
        f"{key} ({home})"
        for key, home in every_key().items()
        if key not in named and not any(family.fullmatch(key) for family in families)
    ]
    assert unused == [], "remove the keys no code uses, or add the family that builds them to FAMILIES"


def test_every_family_is_still_built_and_needed():
    keys, named, built = every_key(), named_in_code(), built_by_code()
    problems = []
    for pattern in FAMILIES:
        members = [key for key in keys if re.fullmatch(pattern, key) and key not in named]
        if not members:
            problems.append(f"{pattern}: every key of it is named in the code — take it off")
        problems += [
            f"{pattern}: {key} is not a key the code builds"
            for key in members
            if not any(p.fullmatch(key) for p in built)
        ]
    assert problems == []
