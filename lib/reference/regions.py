"""The 32 provincial-level units (31 provinces + 新疆生产建设兵团) and the national total.

Loaded from ``data/regions.csv`` (reviewable in a diff). ``normalize_region`` turns any spelling
people use — full or short name, traditional characters, one-character abbreviation, English,
pinyin, GB/T 2260 code — into the 6-digit code, and fails loudly with a suggestion otherwise.
"""

from __future__ import annotations

import csv
import difflib
import functools
import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from lib.core import settings
from lib.core.chinese import to_simplified
from lib.core.i18n import LocalizedError, pick, t
from lib.core.memo import remember

NATIONAL_CODE = "000000"
XPCC_CODE = "660000"  # no GB/T 2260 code exists for the Corps; 660000 is our convention (docs/data-format.md).

BELTS = ("east", "central", "west")
NBS_REGIONS = ("east", "central", "west", "northeast")

# Suffixes dropped before matching, longest first ("广西壮族自治区" -> "广西").
_ZH_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "省", "市")
_EN_SUFFIXES = ("autonomousregion", "specialadministrativeregion", "municipality", "province", "sar")
_OUT_OF_SCOPE = {  # real places people will type that are outside the 32 units we track
    "香港": "Hong Kong",
    "澳门": "Macao",
    "台湾": "Taiwan",
    "hongkong": "Hong Kong",
    "xianggang": "Hong Kong",
    "macao": "Macao",
    "macau": "Macao",
    "aomen": "Macao",
    "taiwan": "Taiwan",
    "taiwansheng": "Taiwan",
}
# Keys that are ambiguous on their own: 山西 and 陕西 share the pinyin "shan xi".
_AMBIGUOUS = {"shanxi1": ("140000", "610000"), "shanxi2": ("140000", "610000"), "shanxisheng": ("140000", "610000")}


@dataclass(frozen=True)
class Region:
    code: str
    name_zh: str
    short_zh: str
    abbr: str
    name_en: str
    name_zh_hant: str
    short_zh_hant: str
    belt: str
    nbs_region: str
    fund_east: bool
    tile_x: int | None
    tile_y: int | None
    iso_3166_2: str = ""  # GD (ISO 3166-2:CN without "CN-"); none for the Corps and the national total

    def name(self, lang: str) -> str:
        """The short display name in the UI language (广东 / Guangdong)."""
        return pick(self.short_zh, self.name_en, lang)

    def tile_name(self, lang: str) -> str:
        """The name on a tile 30 px wide (a phone's tile map): 广东 / GD; a unit without an ISO code
        (the Corps: XPCC) or a regions file without the column keeps its English name."""
        return pick(self.short_zh, self.iso_3166_2 or self.name_en, lang)

    @property
    def is_national(self) -> bool:
        return self.code == NATIONAL_CODE


class RegionError(LocalizedError):
    """A region name that could not be matched; carries suggestions (codes) for the message."""

    def __init__(self, raw: str, reason: str, candidates: tuple[str, ...] = ()) -> None:
        self.raw, self.reason, self.candidates = raw, reason, candidates
        super().__init__(f"region.error.{reason}", raw=raw)

    def text(self, lang: str = "zh") -> str:
        registry = default_registry()
        names = t("list.sep", lang).join(registry.by_code[code].name(lang) for code in self.candidates)
        message = t(self.key, lang, raw=self.raw)
        return message + (t("region.error.suggest", lang, names=names) if self.candidates else "")


def _fold(text: str) -> str:
    """Case-, width- and separator-insensitive form of a name."""
    text = unicodedata.normalize("NFKC", str(text)).strip().casefold()
    return re.sub(r"[\s_\-.'’·()（）]+", "", text)


def _strip_suffix(folded: str) -> str:
    for suffix in _ZH_SUFFIXES + _EN_SUFFIXES:
        if folded.endswith(suffix) and len(folded) > len(suffix) + 1:
            return folded[: -len(suffix)]
    return folded


class RegionRegistry:
    """All regions of one data folder, with the lookup table ``normalize`` uses."""

    def __init__(self, regions: list[Region], aliases: dict[str, str]) -> None:
        self.regions = regions
        self.by_code = {region.code: region for region in regions}
        self.units = [region for region in regions if not region.is_national]
        self._aliases = aliases

    @classmethod
    def from_csv(cls, path: Path) -> RegionRegistry:
        return cls.from_content(path, path.read_bytes())

    @classmethod
    def from_content(cls, path: Path, content: bytes) -> RegionRegistry:
        """The regions in ``content``, the bytes of the CSV file at ``path`` (named in errors)."""
        regions, aliases = [], {}
        with io.StringIO(content.decode("utf-8"), newline="") as handle:
            for row in csv.DictReader(handle):
                region = Region(
                    code=row["code"],
                    name_zh=row["name_zh"],
                    short_zh=row["short_zh"],
                    abbr=row["abbr"],
                    name_en=row["name_en"],
                    name_zh_hant=row["name_zh_hant"],
                    short_zh_hant=row["short_zh_hant"],
                    belt=row["belt"],
                    nbs_region=row["nbs_region"],
                    fund_east=row["fund_east"] == "1",
                    tile_x=int(row["tile_x"]) if row["tile_x"] else None,
                    tile_y=int(row["tile_y"]) if row["tile_y"] else None,
                    iso_3166_2=row.get("iso_3166_2") or "",  # a data folder's older copy may lack it
                )
                regions.append(region)
                spellings = [
                    region.code,
                    region.code[:2] if not region.is_national else "",
                    region.name_zh,
                    region.short_zh,
                    region.abbr,
                    region.name_en,
                    region.name_zh_hant,
                    region.short_zh_hant,
                    row["pinyin"],
                    *row["aliases"].split(";"),
                ]
                for spelling in filter(None, spellings):
                    for key in {_fold(spelling), _strip_suffix(_fold(spelling))}:
                        if aliases.setdefault(key, region.code) != region.code:
                            raise ValueError(f"{path}: spelling {spelling!r} names two regions")
        return cls(regions, aliases)

    @functools.cached_property
    def memo_key(self) -> str:
        """A digest of every region and every spelling it is known by (``lib.core.memo``): what is
        read with another regions file keys differently."""
        text = repr((self.regions, sorted(self._aliases.items())))
        return hashlib.sha256(text.encode()).hexdigest()

    def lookup(self, text: object) -> str | None:
        """The code for an exact spelling, or None — fast, no suggestions (for scanning columns)."""
        folded = _fold("" if text is None else str(text))
        for key in (folded, _strip_suffix(folded)):
            if key in self._aliases:
                return self._aliases[key]
        return None

    def normalize(self, text: object) -> str:
        """The 6-digit code for ``text``; raises ``RegionError`` (with suggestions) when unsure."""
        raw = "" if text is None else str(text)
        folded = _fold(raw)
        if not folded:
            raise RegionError(raw, "empty")
        for key in (folded, _strip_suffix(folded), _strip_suffix(to_simplified(folded))):
            if key in _AMBIGUOUS:
                raise RegionError(raw, "ambiguous", _AMBIGUOUS[key])
            if key in self._aliases:
                return self._aliases[key]
            if key in _OUT_OF_SCOPE or _strip_suffix(key) in _OUT_OF_SCOPE:
                raise RegionError(raw, "out_of_scope")
        raise RegionError(raw, "unknown", self._suggest(_strip_suffix(folded)))

    def _suggest(self, key: str) -> tuple[str, ...]:
        """Codes of the closest spellings: at most three, all nearly as close as the best one."""
        scored = sorted(
            ((difflib.SequenceMatcher(None, key, alias).ratio(), code) for alias, code in self._aliases.items()),
            reverse=True,
        )
        best = scored[0][0] if scored else 0.0
        close = [code for score, code in scored if score >= max(0.5, best - 0.1)]
        return tuple(dict.fromkeys(close))[:3]

    def members(self, group: str) -> list[Region]:
        """Units of a named group: ``belt:east``, ``nbs:northeast``, ``fund_east``, ``all``."""
        kind, _, value = group.partition(":")
        if kind == "belt":
            return [r for r in self.units if r.belt == value]
        if kind == "nbs":
            return [r for r in self.units if r.nbs_region == value]
        if kind == "fund_east":
            return [r for r in self.units if r.fund_east]
        if kind == "belt_midwest":
            return [r for r in self.units if r.belt in ("central", "west")]
        if kind == "all":
            return list(self.units)
        raise KeyError(f"unknown region group {group!r}")


def registry_of(path: Path, content: bytes) -> RegionRegistry:
    """The regions of ``content`` read from ``path`` (for the memo: kept per path and content)."""
    return RegionRegistry.from_content(path, content)


def registry_for(path: Path) -> RegionRegistry:
    """The regions file at ``path``, parsed once per content (``lib.core.memo``, keyed on the bytes'
    SHA-256): a file changed on disk is read again by a running server, never served as it was."""
    return remember(registry_of, path, path.read_bytes())


def default_registry() -> RegionRegistry:
    """Regions of the configured data folder, falling back to the repo's copy."""
    path = settings.data_dir() / "regions.csv"
    return registry_for(path if path.exists() else settings.DEFAULT_DATA_DIR / "regions.csv")


def normalize_region(text: object) -> str:
    """Any spelling of a province-level unit -> its 6-digit code (``RegionError`` if unsure)."""
    return default_registry().normalize(text)
