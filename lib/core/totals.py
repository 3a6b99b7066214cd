"""The words that mark a total row (合计, 总计, 全国 …): one list for the snapshot checks (a breakdown
column must not hold a total) and for uploads (a 合计 row is checked against its parts, never added)."""

from __future__ import annotations

TOTAL_WORDS = frozenset({"合计", "总计", "全国", "全国合计", "总计数", "全省", "合 计", "总 计", "total", "all"})
