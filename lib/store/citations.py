"""How a published figure's citation reads: short (publisher, date, 二手来源) beside a number, and in
full (with the occasion, title, verbatim quote and the reprint it was read in) on hover, in tables
and downloads. The words come from ``lib.core.i18n``; the citation rows from a snapshot's
``citations.parquet`` (schema version 2)."""

from __future__ import annotations

from datetime import date

import pandas as pd

from lib.core.i18n import t


def _text(value) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _day(value) -> str:
    return value.isoformat() if isinstance(value, date) else ""


def citation_short(citation: dict | None, lang: str) -> str:
    """``新华社 2025-09-26 · 二手来源`` (or ``日期未记录`` where the record gives no date)."""
    if not citation:
        return ""
    parts = [_text(citation["publisher"]), _day(citation.get("date")) or t("cite.no_date", lang)]
    if citation.get("secondary"):
        parts.append(t("cite.secondary", lang))
    return " · ".join(parts)


def citation_full(citation: dict | None, lang: str) -> str:
    """Publisher, occasion, date, title, the quote verbatim, where it was read, and the flag."""
    if not citation:
        return ""
    occasion = _text(citation.get("occasion")).strip("（）")  # "（场合未记录）" is bracketed by the line itself
    lines = [
        t("cite.publisher_line", lang, publisher=_text(citation["publisher"]), occasion=occasion)
        if occasion
        else t("provincial.publisher_line", lang, publisher=_text(citation["publisher"])),
        t("cite.date_line", lang, date=_day(citation.get("date")) or t("cite.no_date", lang)),
        t("cite.title_line", lang, title=_text(citation["title"])),
        t("cite.quote_line", lang, quote=_text(citation["quote"])),
    ]
    if _text(citation.get("outlet")):
        lines.append(
            t("cite.outlet_line", lang, outlet=_text(citation["outlet"]), date=_day(citation.get("outlet_date")))
        )
    if _text(citation.get("url")):
        lines.append(_text(citation["url"]))
    if _text(citation.get("read_at")):  # provincial figures: where it was read; a reprint's page is not the source
        lines.append(t(f"provincial.read_at_{citation['read_at']}", lang))
    if _text(citation.get("read_url")):
        lines.append(t("provincial.read_url_line", lang, url=_text(citation["read_url"])))
    lines.append(t("cite.secondary_long", lang) if citation.get("secondary") else t("cite.original", lang))
    if _text(citation.get("note")):
        lines.append(t("cite.note_line", lang, note=_text(citation["note"])))
    return "\n".join(lines)


def citations_frame(citations: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The citations table as a reader sees it (and downloads it), in the UI language."""
    return pd.DataFrame(
        {
            t("cite.col_id", lang): citations["citation_id"],
            t("cite.col_publisher", lang): citations["publisher"],
            t("cite.col_occasion", lang): [_text(v) for v in citations["occasion"]],
            t("cite.col_date", lang): [_day(v) or t("cite.no_date", lang) for v in citations["date"]],
            t("cite.col_title", lang): citations["title"],
            t("cite.col_quote", lang): citations["quote"],
            t("cite.col_outlet", lang): [
                " ".join(filter(None, (_text(o), _day(d))))
                for o, d in zip(citations["outlet"], citations["outlet_date"], strict=True)
            ],
            t("cite.col_kind", lang): [
                t("cite.secondary", lang) if flag else t("cite.original_short", lang) for flag in citations["secondary"]
            ],
            t("cite.col_note", lang): [_text(v) for v in citations["note"]],
            **(
                {
                    t("provincial.col_read_at", lang): [
                        t(f"provincial.read_at_{v}", lang) if _text(v) else "" for v in citations["read_at"]
                    ],
                    t("provincial.col_read_url", lang): [_text(v) for v in citations["read_url"]],
                }
                if "read_at" in citations.columns and citations["read_at"].map(_text).ne("").any()
                else {}
            ),
        }
    )
