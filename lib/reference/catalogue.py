"""The catalogue: programs (policy documents), indicators and their quantified targets.

A session may add an analyst's own indicators and targets (``Catalogue.with_own``); they carry an
``origin`` other than "catalogue" and their names say they are not official.

Read from TOML in ``<data>/catalogue/`` so every change is reviewable in a diff. Loading checks
every reference (program, indicator, region, group) and fails with the file and entry at fault.
"""

from __future__ import annotations

import functools
import hashlib
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from lib.core.i18n import LocalizedError, pick, t
from lib.core.periods import parse_month
from lib.reference.regions import NATIONAL_CODE, RegionRegistry

INDICATOR_KINDS = ("flow", "stock", "ratio", "rate")
# Where a catalogue entry comes from: the reviewed files of the data folder, an analyst's upload
# (an indicator the catalogue lacks) or an analyst's own target. Anything not "catalogue" is
# labelled as not official wherever its name is shown.
ORIGINS = ("catalogue", "upload", "analyst")
FREQUENCIES = ("M", "Q", "Y")
TARGET_KINDS = ("cumulative", "annual", "level", "change")
COMPARATORS = (">=", "approx", "<=")
SCOPE_KINDS = ("national", "region", "group", "other")


class CatalogueError(LocalizedError):
    """A catalogue file that is missing or inconsistent."""


def origin_mark(origin: str, lang: str) -> str:
    """The label an entry that is not from the reviewed catalogue carries beside its name:
    （上传·非官方） for an uploaded indicator, （分析人员自定·非官方） for an analyst's target."""
    if origin == "catalogue":
        return ""

    return t(f"own.mark_{origin}", lang)


@dataclass(frozen=True)
class Program:
    id: str
    name_zh: str
    name_en: str
    document_title: str
    document_number: str
    issuer_zh: str
    issuer_en: str
    date: date
    period: str
    source_files: tuple[str, ...]
    notes_zh: str = ""
    notes_en: str = ""
    origin: str = "catalogue"

    def name(self, lang: str) -> str:
        return pick(self.name_zh, self.name_en, lang) + origin_mark(self.origin, lang)

    def issuer(self, lang: str) -> str:
        return pick(self.issuer_zh, self.issuer_en, lang)

    def notes(self, lang: str) -> str:
        return pick(self.notes_zh, self.notes_en, lang)

    def document(self, lang: str) -> str:
        """The document number, or 'no number' with the date for texts that carry none; an
        analyst's target without a document is an internal target (内部目标)."""
        if self.origin == "analyst" and not self.document_number:
            return t("own.internal_document", lang)
        return self.document_number or t("catalogue.no_number", lang, date=self.date.isoformat())


@dataclass(frozen=True)
class Indicator:
    id: str
    name_zh: str
    name_en: str
    unit: str
    kind: str
    frequency: str
    breakdowns: tuple[str, ...] = ()
    numerator: str | None = None
    denominator: str | None = None
    origin: str = "catalogue"
    source: str = ""  # for an uploaded indicator: the file it came from
    # For a share kept as printed: the ratio that computes it from its two parts where none was printed,
    # only from figures of the same month, both exact (推算, decision 0074).
    derived: str | None = None

    def name(self, lang: str) -> str:
        return pick(self.name_zh, self.name_en, lang) + origin_mark(self.origin, lang)

    @property
    def official(self) -> bool:
        return self.origin == "catalogue"


@dataclass(frozen=True)
class Scope:
    """Where a target applies: the nation, one region, each member of a group, or elsewhere."""

    kind: str
    region_code: str | None = None
    group: str | None = None

    @classmethod
    def parse(cls, text: str) -> Scope:
        kind, _, rest = text.partition(":")
        if kind == "national":
            return cls("national", NATIONAL_CODE)
        if kind == "region" and rest:
            return cls("region", rest)
        if kind == "group" and rest:
            return cls("group", group=rest)
        if kind == "other":
            return cls("other")
        raise ValueError(text)

    def code(self) -> str:
        """Language-neutral form, as written in the catalogue (``region:510000``)."""
        return {"national": "national", "region": f"region:{self.region_code}", "group": f"group:{self.group}"}.get(
            self.kind, "other"
        )


@dataclass(frozen=True)
class Target:
    id: str
    index_id: str
    program_id: str
    indicator_id: str
    name_zh: str
    name_en: str
    kind: str
    comparator: str
    value: float
    start: date
    end: date  # first day of the last month of the period
    scope: Scope
    quote: str
    source_file: str
    headline: bool = False
    value_max: float | None = None
    baseline_period: date | None = None
    baseline_value: float | None = None
    scope_note_zh: str = ""
    scope_note_en: str = ""
    origin: str = "catalogue"
    # A published series that may stand in when the target's own indicator has no data at all,
    # always named on screen with what it is not (e.g. certificates are person-times, not persons).
    proxy_indicator: str | None = None
    proxy_note_zh: str = ""
    proxy_note_en: str = ""
    # A published series near the target but not its measure (wider or narrower), shown only where
    # the target has no figure at all, so a card gives the nearest cited number, named, never judged.
    related_indicator: str | None = None
    related_note_zh: str = ""
    related_note_en: str = ""

    def name(self, lang: str) -> str:
        return pick(self.name_zh, self.name_en, lang) + origin_mark(self.origin, lang)

    @property
    def official(self) -> bool:
        return self.origin == "catalogue"

    def scope_note(self, lang: str) -> str:
        return pick(self.scope_note_zh, self.scope_note_en, lang)

    def proxy_note(self, lang: str) -> str:
        return pick(self.proxy_note_zh, self.proxy_note_en, lang)

    def related_note(self, lang: str) -> str:
        return pick(self.related_note_zh, self.related_note_en, lang)


@dataclass(frozen=True)
class Catalogue:
    programs: dict[str, Program]
    indicators: dict[str, Indicator]
    targets: tuple[Target, ...]
    # each province's own targets (本省目标), kept apart from the national ones (lib.reference.provincial_targets)
    provincial: tuple = ()
    by_target: dict[str, Target] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_target", {target.id: target for target in self.targets})

    @property
    def headline_targets(self) -> list[Target]:
        return [target for target in self.targets if target.headline]

    @functools.cached_property
    def memo_key(self) -> str:
        """A digest of every program, indicator and target, the provinces' own included
        (``lib.core.memo``): a session's catalogue with an analyst's own targets keys differently
        from the folder's, and so does a folder whose provincial targets file was edited."""
        parts = (sorted(self.programs.items()), sorted(self.indicators.items()), self.targets, self.provincial)
        text = repr(parts)
        return hashlib.sha256(text.encode()).hexdigest()

    def targets_of(self, program_id: str) -> list[Target]:
        return [target for target in self.targets if target.program_id == program_id]

    def provincial_of(self, region_code: str) -> list:
        """A province's own targets (本省目标), in the file's order."""
        return [item for item in self.provincial if item.region == region_code]

    @property
    def own_indicators(self) -> list[Indicator]:
        """Indicators that came with an analyst's upload (not official)."""
        return [indicator for indicator in self.indicators.values() if not indicator.official]

    def with_own(self, indicators=(), programs=(), targets=()) -> Catalogue:
        """This catalogue plus an analyst's own indicators, programs and targets — a new object,
        so the data folder's catalogue (shared by every session) is never changed."""
        if not (indicators or programs or targets):
            return self
        return Catalogue(
            {**self.programs, **{program.id: program for program in programs}},
            {**self.indicators, **{indicator.id: indicator for indicator in indicators}},
            (*self.targets, *(target for target in targets if target.id not in self.by_target)),
            self.provincial,
        )

    def parts_of(self, indicator_id: str) -> list[str]:
        """The stored indicators an indicator is computed from (itself unless it is a ratio)."""
        indicator = self.indicators[indicator_id]
        return [indicator.numerator, indicator.denominator] if indicator.kind == "ratio" else [indicator_id]


def _read(path: Path, table: str) -> list[dict]:
    if not path.exists():
        raise CatalogueError("catalogue.error.missing", path=str(path))
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle).get(table, [])
    except tomllib.TOMLDecodeError as error:
        raise CatalogueError("catalogue.error.toml", path=str(path), detail=str(error)) from error


def _build(cls, path: Path, entry: dict, **converted):
    try:
        return cls(**{**entry, **converted})
    except (TypeError, ValueError) as error:
        raise CatalogueError(
            "catalogue.error.entry", path=str(path), entry=entry.get("id", "?"), detail=str(error)
        ) from error


def load_catalogue(folder: Path, regions: RegionRegistry) -> Catalogue:
    """Read and cross-check ``programs.toml``, ``indicators.toml`` and ``targets.toml``."""
    paths = {name: folder / f"{name}s.toml" for name in ("program", "indicator", "target")}
    programs = {}
    for entry in _read(paths["program"], "program"):
        program = _build(Program, paths["program"], entry, source_files=tuple(entry.get("source_files", ())))
        programs[program.id] = program
    indicators = {}
    for entry in _read(paths["indicator"], "indicator"):
        indicator = _build(Indicator, paths["indicator"], entry, breakdowns=tuple(entry.get("breakdowns", ())))
        problem = (
            (indicator.kind not in INDICATOR_KINDS and f"kind {indicator.kind!r}")
            or (indicator.frequency not in FREQUENCIES and f"frequency {indicator.frequency!r}")
            or (
                indicator.kind == "ratio"
                and not (indicator.numerator and indicator.denominator)
                and "ratio without numerator/denominator"
            )
        )
        if problem:
            raise CatalogueError(
                "catalogue.error.entry", path=str(paths["indicator"]), entry=indicator.id, detail=problem
            )
        indicators[indicator.id] = indicator
    for indicator in indicators.values():
        if indicator.derived is not None and (
            indicator.derived not in indicators
            or indicators[indicator.derived].kind != "ratio"
            or indicators[indicator.derived].unit != indicator.unit
        ):
            raise CatalogueError(
                "catalogue.error.entry",
                path=str(paths["indicator"]),
                entry=indicator.id,
                detail=f"derived {indicator.derived!r} must be a ratio indicator in the same unit",
            )
        for part in filter(None, (indicator.numerator, indicator.denominator)):
            if part not in indicators or indicators[part].kind == "ratio":
                raise CatalogueError(
                    "catalogue.error.entry",
                    path=str(paths["indicator"]),
                    entry=indicator.id,
                    detail=f"unknown part {part!r}",
                )
    targets = []
    for entry in _read(paths["target"], "target"):
        try:
            converted = dict(
                program_id=entry.pop("program", None),
                indicator_id=entry.pop("indicator", None),
                start=parse_month(entry["start"]),
                end=parse_month(entry["end"]),
                scope=Scope.parse(entry["scope"]),
                value=float(entry["value"]),
                baseline_period=parse_month(entry["baseline_period"]) if "baseline_period" in entry else None,
            )
        except (KeyError, ValueError) as error:
            raise CatalogueError(
                "catalogue.error.entry", path=str(paths["target"]), entry=entry.get("id", "?"), detail=str(error)
            ) from error
        target = _build(Target, paths["target"], entry, **converted)
        problem = _target_problem(target, programs, indicators, regions)
        if problem:
            raise CatalogueError("catalogue.error.entry", path=str(paths["target"]), entry=target.id, detail=problem)
        targets.append(target)
    ids = [target.id for target in targets]
    if len(set(ids)) != len(ids):
        raise CatalogueError(
            "catalogue.error.entry", path=str(paths["target"]), entry="?", detail="duplicate target id"
        )
    return Catalogue(programs, indicators, tuple(targets))


def _target_problem(target: Target, programs: dict, indicators: dict, regions: RegionRegistry) -> str | None:
    if target.program_id not in programs:
        return f"unknown program {target.program_id!r}"
    if target.indicator_id not in indicators:
        return f"unknown indicator {target.indicator_id!r}"
    if target.kind not in TARGET_KINDS:
        return f"kind {target.kind!r}"
    if target.comparator not in COMPARATORS:
        return f"comparator {target.comparator!r}"
    if target.end < target.start:
        return "end before start"
    if target.scope.kind == "region" and target.scope.region_code not in regions.by_code:
        return f"unknown region {target.scope.region_code!r}"
    if target.scope.kind == "group":
        try:
            regions.members(target.scope.group)
        except KeyError:
            return f"unknown group {target.scope.group!r}"
    if target.proxy_indicator is not None and (
        target.proxy_indicator not in indicators
        or indicators[target.proxy_indicator].kind == "ratio"
        or not (target.proxy_note_zh and target.proxy_note_en)
    ):
        return f"proxy {target.proxy_indicator!r} must be a stored indicator, named in proxy_note_zh and proxy_note_en"
    if target.related_indicator is not None and (
        target.related_indicator not in indicators or not (target.related_note_zh and target.related_note_en)
    ):
        return (
            f"related {target.related_indicator!r} must be an indicator, named in related_note_zh and related_note_en"
        )
    if target.kind == "change" and target.baseline_period is None and target.baseline_value is None:
        return "a change target needs a baseline"
    if target.source_file not in programs[target.program_id].source_files:
        return f"source {target.source_file!r} is not a file of program {target.program_id!r}"
    return None
