"""The yardstick for record-level counting: the same counts, rejected rows and rule warnings
(masked IDs) as ``lib.upload.records_sql``, written by hand for one engine as an expert would —
DuckDB here, PostgreSQL in :func:`postgresql_rules` — so ``bench_records`` can say how far the
project's one engine-neutral implementation is from the best query for the job.

What makes it an expert's query (DuckDB):

* the engine's settings for the job: ``preserve_insertion_order = false`` (nothing here needs the
  file's order but the line numbers, which are read as ``file_row_number``), the memory limit,
  spilling to a scratch folder, all threads;
* only the columns the rules need: a CSV is parsed once, its five or six needed columns staged as
  Parquet; every later statement scans columns;
* the texts' meanings (dates, provinces, occupations, levels) read once per distinct text, with the
  project's own parsers, and joined back as literal ``VALUES`` tables;
* one pass over the records for the rules: the valid rows as integers in a materialised CTE, a
  64-bit hash of the ID to group people by, the people who need ordering found by one GROUP BY,
  and their rows ordered by two windows with integer keys — the n-th training per person, and per
  person × occupation the bit set of the levels seen before and the highest level before;
* only the listed flagged rows fetched — the first 100,000 in line order, each rule's count over all
  of them taken in the same statement (``SUM … OVER ()`` before the ``LIMIT``), as the project lists them.

A CSV's line numbers are its data rows' ordinals after one header line: the generated files have
no blank lines and no notes (the project's reader handles those; the yardstick need not). The
tests in ``tests/bench/test_reference_records.py`` check it equals ours exactly.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from lib.reference.regions import RegionRegistry
from lib.upload.common import LEVEL_RANK, PROBLEM_ROWS, fold_header
from lib.upload.records import MAX_PER_PERSON, region_of
from lib.upload.records_sql import month_or_problem


@dataclass
class Columns:
    """Which column holds what (names as in the file)."""

    person_id: str
    period: str
    region: str
    occupation: str | None = None
    skill_level: str | None = None
    breakdowns: list[str] = field(default_factory=list)


@dataclass
class Output:
    """What both implementations must give, as plain sets and dicts."""

    counts: dict[tuple, int]  # (region code, month, *breakdown texts or None) -> rows
    rejected: set[tuple[int, str]]  # (line, problem code)
    flagged: set[tuple[int, str, str]]  # (line, rule code, masked ID) of the listed flagged rows
    flagged_counts: dict[str, int] = field(default_factory=dict)  # rule code -> rows it flags in all
    seconds: dict[str, float] = field(default_factory=dict)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _values(pairs: dict[str, int]) -> str:
    return "VALUES " + ", ".join(f"({_text(text)}, {value})" for text, value in sorted(pairs.items()))


MASKED = """CASE WHEN length(trim(id)) <= 4 THEN repeat('*', length(trim(id)))
     WHEN length(trim(id)) >= 14 THEN left(trim(id), 6) || repeat('*', length(trim(id)) - 10) || right(trim(id), 4)
     ELSE left(trim(id), 2) || repeat('*', length(trim(id)) - 6) || right(trim(id), 4) END"""
PERSON = "CASE WHEN id LIKE '% ' OR id LIKE ' %' OR id LIKE '%x%' THEN replace(trim(id), 'x', 'X') ELSE id END"


def rules_sql(source: str, periods: dict, regions: list, occupations: dict, levels: dict, *, hashing: str) -> str:
    """The rules as one statement over ``source`` (a relation of line, id, period, region, occ,
    lvl texts). ``hashing``: the engine's 64-bit hash of a text, ``{}`` for the text."""
    bucket = hashing.format(PERSON)
    region_values = "VALUES " + ", ".join(f"({_text(text)})" for text in sorted(regions))
    level_values = _values(levels) if levels else "SELECT CAST(NULL AS VARCHAR), CAST(NULL AS INTEGER) WHERE false"
    bit = "(1 << lvl)"
    return f"""
WITH v AS MATERIALIZED (
  SELECT s.line, s.id, {bucket} AS k, p.m AS month, o.c AS occ, l.r AS lvl
  FROM {source} s
  JOIN ({_values(periods)}) p(t, m) ON s.period = p.t
  JOIN ({region_values}) g(t) ON s.region = g.t
  JOIN ({_values(occupations)}) o(t, c) ON s.occ = o.t
  LEFT JOIN ({level_values}) l(t, r) ON s.lvl = l.t
), c AS (
  SELECT k FROM v GROUP BY k
  HAVING count(*) > {MAX_PER_PERSON}
      OR (count(*) = 2 AND min(occ) = max(occ))
      OR (count(*) = 3 AND (sum(occ) - max(occ) = 2 * min(occ) OR sum(occ) - min(occ) = 2 * max(occ)))
), w AS (
  SELECT line, id, lvl,
         row_number() OVER (PARTITION BY k, {PERSON} ORDER BY month, line) AS nth,
         coalesce(bit_or({bit}) OVER po, 0) AS seen,
         max(lvl) OVER po AS best
  FROM v JOIN c USING (k)
  WINDOW po AS (PARTITION BY k, {PERSON}, occ ORDER BY month, line ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
), f AS (
  SELECT line, id, nth > {MAX_PER_PERSON} AS r1,
         coalesce((seen >> lvl) & 1 = 1, false) AS r2, coalesce(lvl < best, false) AS lower_level
  FROM w
)
SELECT line, {MASKED} AS masked, r1, r2, lower_level AND NOT r2 AS r3
FROM f WHERE r1 OR r2 OR lower_level
"""


RULE_CODES = {"r1": "rule_more_than_three", "r2": "rule_same_level", "r3": "rule_lower_level"}


def listed_sql(rules: str) -> str:
    """The first ``PROBLEM_ROWS`` flagged rows in line order, with each rule's count over all of them
    in the same statement — what the project lists (decision 0080)."""
    counts = ", ".join(f"sum(CAST({name} AS INTEGER)) OVER () AS n_{name}" for name in RULE_CODES)
    return f"SELECT f.*, {counts} FROM ({rules}) AS f ORDER BY line, masked LIMIT {PROBLEM_ROWS}"


def _flagged_output(rows: list[tuple]) -> tuple[set, dict[str, int]]:
    """(line, masked, r1, r2, r3, n_r1, n_r2, n_r3) rows as the listed set and the counts."""
    flagged = {
        (line, code, masked)
        for line, masked, *hits in rows
        for hit, code in zip(hits[:3], RULE_CODES.values(), strict=True)
        if hit
    }
    counts = dict(zip(RULE_CODES.values(), (int(n or 0) for n in rows[0][5:8]), strict=True)) if rows else {}
    return flagged, {code: count for code, count in counts.items() if count}


def _meanings(groups, columns: Columns, regions: RegionRegistry, today: date):
    """The distinct texts' meanings, read with the project's parsers."""
    region_meaning = {text: region_of(text, regions) for text in {row[0] for row in groups if row[-1] == 0}}
    period_meaning = {text: month_or_problem(text, today) for text in {row[1] for row in groups if row[-1] == 0}}
    return region_meaning, period_meaning


def duckdb_reference(
    path: Path,
    columns: Columns,
    regions: RegionRegistry,
    today: date,
    *,
    scratch: Path,
    memory_limit: str = "3GB",
    threads: int = 2,
) -> Output:
    """Counts, rejected rows and flagged rows of a CSV (one header line) or Parquet file."""
    import duckdb

    seconds: dict[str, float] = {}
    started = time.perf_counter()
    connection = duckdb.connect(
        config={
            "threads": threads,
            "memory_limit": memory_limit,
            "temp_directory": str(scratch / "spill"),
            "preserve_insertion_order": False,
        }
    )
    needed = [columns.person_id, columns.period, columns.region, *columns.breakdowns]
    needed += [name for name in (columns.occupation, columns.skill_level) if name]
    projection = ", ".join(f"CAST({_quote(name)} AS VARCHAR) AS {_quote(name)}" for name in dict.fromkeys(needed))
    with Path(path).open("rb") as handle:
        magic = handle.read(4)
    if magic == b"PAR1":
        file = f"read_parquet({_text(str(path))}, file_row_number = true)"
        line_offset = 1  # a Parquet file's row n is line n
        rows = f"(SELECT file_row_number + {line_offset} AS line, {projection} FROM {file})"
    else:
        staged = scratch / "reference-staged.parquet"
        spec = f"read_csv({_text(str(path))}, header = true, all_varchar = true, auto_detect = true)"
        # staged in the file's order (the line numbers), then read without caring for order
        connection.execute("SET preserve_insertion_order = true")
        connection.execute(f"COPY (SELECT {projection} FROM {spec}) TO {_text(str(staged))} (FORMAT parquet)")
        connection.execute("SET preserve_insertion_order = false")
        rows = (
            f"(SELECT file_row_number + 2 AS line, * FROM read_parquet({_text(str(staged))}, file_row_number = true))"
        )
        seconds["stage"] = time.perf_counter() - started

    def cell(name: str | None) -> str:
        return f"coalesce({_quote(name)}, '')" if name else "''"

    texts = [cell(columns.region), cell(columns.period), *(cell(name) for name in columns.breakdowns)]
    labels = [cell(columns.occupation), cell(columns.skill_level)] if columns.occupation else []
    sets = f"({', '.join(texts)})" + (f", ({', '.join(labels)})" if labels else "")
    groups = connection.execute(
        f"SELECT {', '.join(texts + labels)}, count(*), grouping({', '.join(texts)}) "
        f"FROM {rows} GROUP BY GROUPING SETS ({sets})"
    ).fetchall()
    seconds["count"] = time.perf_counter() - started
    width = len(texts)
    by_texts = [row for row in groups if row[-1] == 0]
    region_meaning, period_meaning = _meanings(by_texts, columns, regions, today)

    def good_region(meaning) -> bool:
        return isinstance(meaning, str) and meaning != "TOTAL"

    counts: dict[tuple, int] = {}
    for row in by_texts:
        code, month = region_meaning[row[0]], period_meaning[row[1]]
        if not good_region(code) or not isinstance(month, int):
            continue
        counts[(code, month)] = counts.get((code, month), 0) + row[-2]
        if columns.breakdowns:
            dims = tuple(str(text).strip() or None for text in row[2:width])
            if all(dims):
                counts[(code, month, *dims)] = counts.get((code, month, *dims), 0) + row[-2]
    rejected: set[tuple[int, str]] = set()
    bad_regions = {text: meaning for text, meaning in region_meaning.items() if not good_region(meaning)}
    bad_periods = {text: code for text, code in period_meaning.items() if isinstance(code, str)}
    if bad_regions or bad_periods:
        where = " OR ".join(
            f"{cell(name)} IN ({', '.join(_text(text) for text in found)})"
            for name, found in ((columns.region, bad_regions), (columns.period, bad_periods))
            if found
        )
        for line, region, period in connection.execute(
            f"SELECT line, {cell(columns.region)}, {cell(columns.period)} FROM {rows} WHERE {where}"
        ).fetchall():
            if region in bad_regions:
                meaning = bad_regions[region]
                rejected.add((line, "total_in_records" if meaning == "TOTAL" else f"region_{meaning.reason}"))
            if period in bad_periods and (bad_periods[period] != "date_out_of_range" or region not in bad_regions):
                rejected.add((line, bad_periods[period]))
    seconds["problems"] = time.perf_counter() - started
    occupations, levels = {}, {}
    if columns.occupation:
        folded = sorted({fold_header(row[width]) for row in groups if row[-1] != 0})
        code_of = {name: index for index, name in enumerate(folded)}
        occupations = {row[width]: code_of[fold_header(row[width])] for row in groups if row[-1] != 0}
        for row in groups:
            if row[-1] != 0 and LEVEL_RANK.get(str(row[width + 1]).strip()) is not None:
                levels[row[width + 1]] = LEVEL_RANK[str(row[width + 1]).strip()]
    flagged: set[tuple[int, str, str]] = set()
    flagged_counts: dict[str, int] = {}
    valid_periods = {text: month for text, month in period_meaning.items() if isinstance(month, int)}
    valid_regions = [text for text, meaning in region_meaning.items() if good_region(meaning)]
    if valid_periods and valid_regions:
        source = (
            f"(SELECT line, {cell(columns.person_id)} AS id, {cell(columns.period)} AS period, "
            f"{cell(columns.region)} AS region, {cell(columns.occupation)} AS occ, {cell(columns.skill_level)} AS lvl "
            f"FROM {rows})"
        )
        if not occupations:
            occupations = {"": 0}
        rows = connection.sql(
            listed_sql(rules_sql(source, valid_periods, valid_regions, occupations, levels, hashing="hash({})"))
        ).fetchall()
        seconds["rules"] = time.perf_counter() - started
        flagged, flagged_counts = _flagged_output(rows)
    connection.close()
    return Output(counts, rejected, flagged, flagged_counts, seconds)


def ours_as_output(result, mapping) -> Output:
    """``records_sql``'s result in the yardstick's terms (the same sets and dicts)."""
    dims = list(dict(mapping.breakdowns).values())
    counts: dict[tuple, int] = {}
    for row in result.observations.to_dict("records"):
        month = row["period"].year * 12 + row["period"].month - 1
        labels = tuple(row[dim] for dim in dims if isinstance(row[dim], str))
        counts[(row["region_code"], month, *labels)] = int(row["value"])
    problems = result.problems
    errors = problems[problems["kind"] == "error"]
    warnings = problems[problems["kind"] == "warning"]
    rejected = set(zip(errors["line"].astype(int), errors["code"], strict=True))
    flagged = set(zip(warnings["line"].astype(int), warnings["code"], warnings["value"], strict=True))
    flagged_counts = warnings["code"].value_counts().to_dict()
    if result.unlisted is not None:
        for row in result.unlisted[result.unlisted["kind"] == "warning"].itertuples():
            flagged_counts[row.code] = flagged_counts.get(row.code, 0) + int(row.rows)
    return Output(counts, rejected, flagged, {code: int(n) for code, n in flagged_counts.items() if n})


def columns_of(mapping) -> Columns:
    """The yardstick's columns from the mapping the Upload page guessed."""
    return Columns(
        mapping.person_id, mapping.period, mapping.region, mapping.occupation, mapping.skill_level,
        list(mapping.breakdowns),
    )  # fmt: skip


POSTGRESQL_SETTINGS = {  # what a warehouse administrator sets for analytical queries on a 2-core server
    "work_mem": "256MB",  # sorts and hash tables of the windows and GROUP BYs in memory
    "max_parallel_workers_per_gather": "2",
    "parallel_setup_cost": "100",
    "jit": "off",  # JIT compiling costs more than it saves on statements of seconds
}


def postgresql_reference(
    engine, table: str, order: str, columns: Columns, regions: RegionRegistry, today: date
) -> Output:
    """The same in PostgreSQL, on a table with a record number: the counts and labels in one
    GROUPING SETS scan, the rules with ``hashtextextended`` as the person's 64-bit key."""
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    with engine.connect() as connection:
        cursor = connection.connection.driver_connection.cursor()

        def cell(name: str | None) -> str:
            return f"coalesce(CAST({_quote(name)} AS text), '')" if name else "''"

        texts = [cell(columns.region), cell(columns.period), *(cell(name) for name in columns.breakdowns)]
        labels = [cell(columns.occupation), cell(columns.skill_level)] if columns.occupation else []
        sets = f"({', '.join(texts)})" + (f", ({', '.join(labels)})" if labels else "")
        cursor.execute(
            f"SELECT {', '.join(texts + labels)}, count(*), grouping({', '.join(texts)}) "
            f"FROM {_quote(table)} GROUP BY GROUPING SETS ({sets})"
        )
        groups = cursor.fetchall()
        seconds["count"] = time.perf_counter() - started
        width = len(texts)
        by_texts = [row for row in groups if row[-1] == 0]
        region_meaning, period_meaning = _meanings(by_texts, columns, regions, today)
        valid_periods = {text: month for text, month in period_meaning.items() if isinstance(month, int)}
        valid_regions = [t for t, m in region_meaning.items() if isinstance(m, str) and m != "TOTAL"]
        folded = sorted({fold_header(row[width]) for row in groups if row[-1] != 0})
        code_of = {name: index for index, name in enumerate(folded)}
        occupations = {row[width]: code_of[fold_header(row[width])] for row in groups if row[-1] != 0}
        levels = {
            row[width + 1]: LEVEL_RANK[str(row[width + 1]).strip()]
            for row in groups
            if row[-1] != 0 and str(row[width + 1]).strip() in LEVEL_RANK
        }
        source = (
            f"(SELECT {_quote(order)} AS line, {cell(columns.person_id)} AS id, {cell(columns.period)} AS period, "
            f"{cell(columns.region)} AS region, {cell(columns.occupation)} AS occ, "
            f"{cell(columns.skill_level)} AS lvl FROM {_quote(table)})"
        )
        statement = rules_sql(
            source, valid_periods, valid_regions, occupations or {"": 0}, levels, hashing="hashtextextended({}, 0)"
        )
        cursor.execute(listed_sql(statement.replace("CAST(NULL AS VARCHAR)", "CAST(NULL AS text)")))
        rows = cursor.fetchall()
        seconds["rules"] = time.perf_counter() - started
    flagged, flagged_counts = _flagged_output(rows)
    return Output({}, set(), flagged, flagged_counts, seconds)
