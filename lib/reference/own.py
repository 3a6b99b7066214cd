"""Analysts' own indicators and targets: plain records that live beside an upload, and the session
catalogue they make together with the data folder's.

An *own indicator* is a series an upload brings that the catalogue lacks (employment, wages, a
province's own programme counts); an *own target* is a target an analyst defines on any indicator,
catalogue or own. Both are frozen, JSON-safe records (``to_dict`` / ``from_dict``), so whatever keeps
them — a browser session today, a database later — stores plain dictionaries. They become ordinary
catalogue entries with an ``origin`` that labels them as not official wherever they are shown.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, fields
from datetime import date

from lib.core.periods import parse_month
from lib.reference.catalogue import Catalogue, Indicator, Program, Scope, Target

OWN_KINDS = ("flow", "stock", "rate")  # an uploaded series has no parts, so it is never a "ratio"
INDICATOR_PREFIX, TARGET_PREFIX, PROGRAM_PREFIX = "own-i-", "own-t-", "own-p-"


def own_id(prefix: str, *parts: object) -> str:
    """A stable, language-neutral id (no dots: briefing codes split on them) from what defines the record."""
    return prefix + hashlib.sha1("|".join(str(part) for part in parts).encode()).hexdigest()[:10]


def inert(text: str) -> str:
    """An analyst's text as a catalogue name or document: charts read a few HTML tags in their texts
    (<b>, <a href>), so the angle brackets become full-width look-alikes, and control characters go."""
    return "".join(ch for ch in str(text) if ch >= " " or ch == "\t").replace("<", "＜").replace(">", "＞")


def _from_dict(cls, data: dict):
    names = {field.name for field in fields(cls)}
    return cls(**{key: value for key, value in data.items() if key in names})


@dataclass(frozen=True)
class OwnIndicator:
    """A series an analyst uploaded that the catalogue does not have."""

    id: str
    name_zh: str
    name_en: str
    unit: str  # the base unit the values are stored in (人, 元, %, '' when none was named)
    kind: str  # flow | stock | rate
    frequency: str = "M"  # M | Q | Y, from the periods of the file
    source: str = ""  # the file it came from

    @classmethod
    def new(cls, name_zh: str, unit: str, kind: str, *, name_en: str = "", frequency: str = "M", source: str = ""):
        name_zh = name_zh.strip()
        return cls(
            own_id(INDICATOR_PREFIX, name_zh, unit), name_zh, name_en.strip() or name_zh, unit, kind, frequency, source
        )

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> OwnIndicator:
        return _from_dict(cls, data)

    def indicator(self) -> Indicator:
        return Indicator(
            self.id,
            inert(self.name_zh),
            inert(self.name_en),
            inert(self.unit),
            self.kind,
            self.frequency,
            origin="upload",
            source=inert(self.source),
        )


@dataclass(frozen=True)
class OwnTarget:
    """A target an analyst defined, with the source they gave for it (a document and its words, or
    none: an internal target)."""

    id: str
    indicator_id: str
    name_zh: str
    name_en: str
    kind: str  # cumulative | annual | level | change
    comparator: str  # >= | approx | <=
    value: float
    start: str  # YYYY-MM
    end: str  # YYYY-MM (the last month of the period)
    scope: str  # national | region:<code> | group:<group>
    document: str = ""  # document number; blank = 内部目标
    quote: str = ""
    baseline_period: str | None = None
    baseline_value: float | None = None
    created: str = ""  # ISO date

    @classmethod
    def new(cls, **values) -> OwnTarget:
        key = (
            values["indicator_id"],
            values["scope"],
            values["kind"],
            values["start"],
            values["end"],
            values["name_zh"],
        )
        return cls(id=own_id(TARGET_PREFIX, *key), **values)

    @property
    def internal(self) -> bool:
        return not self.document.strip()

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> OwnTarget:
        return _from_dict(cls, data)

    def program(self) -> Program:
        """Own targets are grouped by the document they cite (or 内部目标), like catalogue programs."""
        document = inert(self.document.strip())
        created = date.fromisoformat(self.created) if self.created else date.today()
        return Program(
            id=own_id(PROGRAM_PREFIX, document),
            name_zh=f"自定目标：{document}" if document else "内部目标",
            name_en=f"Own targets: {document}" if document else "Internal targets",
            document_title=document,
            document_number=document,
            issuer_zh="分析人员",
            issuer_en="Analyst",
            date=created,
            period="",
            source_files=(),
            origin="analyst",
        )

    def target(self) -> Target:
        return Target(
            id=self.id,
            index_id=self.id,
            program_id=self.program().id,
            indicator_id=self.indicator_id,
            name_zh=inert(self.name_zh),
            name_en=inert(self.name_en or self.name_zh),
            kind=self.kind,
            comparator=self.comparator,
            value=float(self.value),
            start=parse_month(self.start),
            end=parse_month(self.end),
            scope=Scope.parse(self.scope),
            quote=inert(self.quote),
            source_file="",
            baseline_period=parse_month(self.baseline_period) if self.baseline_period else None,
            baseline_value=self.baseline_value,
            origin="analyst",
        )


def session_catalogue(base: Catalogue, indicators=(), targets=()) -> Catalogue:
    """The data folder's catalogue plus a session's own indicators and targets (a new object; the
    folder's, shared by every session, is never touched). Targets on an indicator this catalogue
    does not know are left out, never half-added."""
    own = [indicator.indicator() for indicator in indicators if indicator.id not in base.indicators]
    known = set(base.indicators) | {indicator.id for indicator in own}
    kept = [target for target in targets if target.indicator_id in known]
    programs = {target.program().id: target.program() for target in kept}
    return base.with_own(own, list(programs.values()), [target.target() for target in kept])
