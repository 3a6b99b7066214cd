"""Record-level counting and the documents' rules as SQL the engine runs — DuckDB for files,
PostgreSQL- and MySQL-protocol warehouses — so only aggregated counts and the flagged rows (IDs
masked by the engine) come back to Python. The same answers as ``records`` gives in pandas: the
tests run one record set through both, on every engine.

Built with SQLAlchemy Core, kept to what Greenplum-, Doris- and StarRocks-class engines run: common
table expressions, GROUP BY, joins, ROW_NUMBER() and MAX() windows with PARTITION BY, CASE, and the
string functions TRIM, UPPER, CHAR_LENGTH, SUBSTRING, RIGHT, REPEAT and CONCAT.

How it goes (each step one statement):

1. counts of the rows per distinct (region, date, breakdown) text; the distinct texts are read in
   Python with the Upload page's own parsers (every spelling of a province, every written date);
2. the rows behind texts that were rejected, with their line numbers (at most ``PROBLEM_ROWS``);
3. with an ID column: the distinct occupation and level texts, folded and ranked in Python;
4. the rules: people with more than three trainings or with an occupation trained more than once
   are found with a GROUP BY, and only their rows are ordered (month, then file order) by window
   functions — most people train once, so the sorts see a small part of the records.

The texts' meanings go back to the engine as small literal tables (``UNION ALL`` of one-row
SELECTs), joined to the records.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd
import sqlalchemy as sa

from lib.reference.regions import RegionRegistry
from lib.store.snapshots import KEY_COLUMNS
from lib.upload.cell_values import ParseProblem
from lib.upload.common import EARLIEST, LEVEL_RANK, PROBLEM_ROWS, Mapping, Problems, Result, fold_header
from lib.upload.engine_progress import Progress, Watch, watched
from lib.upload.reader import LINE
from lib.upload.records import MAX_PER_PERSON, month_index, region_of
from lib.upload.sources import RecordSource

FETCH_ROWS = 200_000  # flagged rows are fetched in batches of this many
RULES = ("rule_more_than_three", "rule_same_level", "rule_lower_level")


@dataclass
class SqlRun:
    """What a run did: the result as the Upload page knows it, the statements as the engine ran
    them (for the manifest), the rows each rule flagged and each rejection reason's exact count."""

    result: Result
    statements: list[str] = field(default_factory=list)
    flagged: dict[str, int] = field(default_factory=dict)
    rejected: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    dialect: str = ""


def count_records(
    source: RecordSource,
    mapping: Mapping,
    regions: RegionRegistry,
    today: date | None = None,
    progress: Progress | None = None,
) -> SqlRun:
    """Count ``source``'s rows into observations and check the rules per person, in its engine.

    ``progress(fraction, step, seconds_left)`` hears how far the engine is every quarter second (on
    this thread) — first through staging the columns the mapping uses, where the source stages
    them now (step "stage"), then through the counting; if it raises, the engine's statement is
    interrupted and the exception goes on."""
    today = today or date.today()
    report = Watch(progress)
    run = SqlRun(Result(_no_rows(mapping), Problems().frame(), 0, 0, {}), dialect=source.engine.dialect.name)
    problems = Problems()
    if mapping.region is None or mapping.period is None:
        problems.add(0, "", "", "no_region_column" if mapping.region is None else "no_period_column")
        run.result = Result(_no_rows(mapping), problems.frame(), 0, 0, {})
        return run
    used = [mapping.region, mapping.period, *mapping.breakdowns, mapping.person_id, mapping.occupation]
    source.prepare([column for column in [*used, mapping.skill_level] if column], report)
    with source.engine.connect() as connection:
        groups, labels = _grouped(connection, run, source, mapping, report)
        region_meaning = {text: region_of(text, regions) for text in groups["region"].unique()}
        period_meaning = {text: month_or_problem(text, today) for text in groups["period"].unique()}
        run.result.rows_read = int(groups["rows"].sum())
        observations = _observations(groups, mapping, region_meaning, period_meaning)
        _rejected_rows(
            connection, run, source, mapping, groups, region_meaning, period_meaning, problems, today, regions, report
        )
        valid_regions = [text for text, meaning in region_meaning.items() if _is_code(meaning)]
        valid_periods = {text: month for text, month in period_meaning.items() if isinstance(month, int)}
        if mapping.person_id and valid_regions and valid_periods:
            _check_rules(connection, run, source, mapping, labels, valid_regions, valid_periods, problems, report)
    frequencies = {str(indicator): "M" for indicator in pd.unique(observations["indicator_id"])}
    sources = pd.Series("", index=observations.index)  # counts, read from no value column
    run.result = Result(
        observations,
        problems.frame(),
        run.result.rows_read,
        0,
        {},
        frequencies=frequencies,
        sources=sources,
        unlisted=problems.unlisted_frame(),
        unlisted_lines=problems.unlisted_lines,
    )
    report(1.0, "done")
    return run


# --- step 1: counts per distinct text --------------------------------------------------------------
GROUPING_SETS_DIALECTS = ("postgresql", "duckdb")  # and Greenplum, Doris, StarRocks; not MySQL/MariaDB


def _grouped(
    connection, run: SqlRun, source: RecordSource, mapping: Mapping, report: Watch
) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """(rows per distinct region, date and breakdown texts; the distinct occupation × level texts
    when the rules need them) — one scan with GROUPING SETS where the engine has them, else two."""
    texts = [source.text(mapping.region).label("region"), source.text(mapping.period).label("period")]
    texts += [source.text(column).label(f"b{index}") for index, column in enumerate(mapping.breakdowns)]
    if not (mapping.person_id and mapping.occupation and mapping.skill_level):
        statement = sa.select(*texts, sa.func.count().label("rows")).group_by(*texts)
        return _timed(run, "count", connection, statement, report, (0.0, 0.35)), None
    labels = [source.text(mapping.occupation).label("occupation"), source.text(mapping.skill_level).label("level")]
    if source.engine.dialect.name not in GROUPING_SETS_DIALECTS:
        statement = sa.select(*texts, sa.func.count().label("rows")).group_by(*texts)
        groups = _timed(run, "count", connection, statement, report, (0.0, 0.2))
        return groups, _timed(run, "labels", connection, sa.select(*labels).group_by(*labels), report, (0.2, 0.35))
    statement = sa.select(*texts, *labels, sa.func.count().label("rows")).group_by(
        sa.func.grouping_sets(sa.tuple_(*texts), sa.tuple_(*labels))
    )
    both = _timed(run, "count", connection, statement, report, (0.0, 0.35))
    counted = both["occupation"].isna()  # texts are never NULL (coalesced to ''): NULL marks the other set
    groups = both.loc[counted, [text.name for text in texts] + ["rows"]].reset_index(drop=True)
    return groups, both.loc[~counted, ["occupation", "level"]].reset_index(drop=True)


def month_or_problem(text: str, today: date) -> int | str:
    """year × 12 + month − 1 of a record's date text, or its problem code (out of range: before
    EARLIEST or after ``today``'s month)."""
    try:
        month = month_index(text)
    except ParseProblem as problem:
        return f"date_{problem.code}"
    if month < EARLIEST.year * 12 or month > today.year * 12 + today.month - 1:
        return "date_out_of_range"
    return month


def _is_code(meaning: object) -> bool:
    return isinstance(meaning, str) and meaning != "TOTAL"


def _observations(groups: pd.DataFrame, mapping: Mapping, regions: dict, periods: dict) -> pd.DataFrame:
    """The counts per region and month, and per breakdown beside the totals, as snapshots store them."""
    code = groups["region"].map(lambda text: regions[text] if _is_code(regions[text]) else None)
    month = groups["period"].map(lambda text: periods[text] if isinstance(periods[text], int) else None)
    valid = code.notna() & month.notna()
    frame = pd.DataFrame(
        {
            "region_code": code[valid],
            "month": month[valid].astype("int64"),
            "value": groups["rows"][valid],
            LINE: 0,  # a count's first line is not needed by anyone; finding it costs a file's order
        }
    )
    dimensions = list(dict(mapping.breakdowns).values())
    parts = [
        frame.groupby(["region_code", "month"], as_index=False).agg(value=("value", "sum"), **{LINE: (LINE, "min")})
    ]
    if dimensions:
        labels = pd.DataFrame(
            {
                dimension: groups[f"b{index}"][valid].map(lambda text: str(text).strip() or None)
                for index, dimension in enumerate(dimensions)
            }
        )
        known = labels.notna().all(axis=1)
        broken_down = pd.concat([frame[known], labels[known]], axis=1)
        parts.append(
            broken_down.groupby(["region_code", "month", *dimensions], as_index=False).agg(
                value=("value", "sum"), **{LINE: (LINE, "min")}
            )
        )
    counted = pd.concat(parts, ignore_index=True)
    counted["indicator_id"] = mapping.indicator
    counted["period"] = pd.to_datetime({"year": counted["month"] // 12, "month": counted["month"] % 12 + 1, "day": 1})
    counted["value"] = counted["value"].astype("float64")
    counted = counted.sort_values(["region_code", "period", *dimensions], na_position="first", kind="stable")
    return counted[[*KEY_COLUMNS, "value", *dimensions, LINE]].reset_index(drop=True)


def _no_rows(mapping: Mapping) -> pd.DataFrame:
    return pd.DataFrame(columns=[*KEY_COLUMNS, "value", *dict(mapping.breakdowns).values(), LINE])


# --- step 2: the rows behind rejected texts --------------------------------------------------------
def _rejected_rows(
    connection, run, source, mapping, groups, regions, periods, problems, today, regions_of, report
) -> None:
    """Each rejected row with its line: a region that is not one of the 32 units (or a total row),
    a date that is no date, a date out of range (on rows whose region is good, as in pandas)."""
    bad_regions = {text: meaning for text, meaning in regions.items() if not _is_code(meaning)}
    bad_periods = {text: code for text, code in periods.items() if isinstance(code, str)}
    region_code = groups["region"].map(lambda text: _region_code(bad_regions[text]) if text in bad_regions else None)
    period_code = groups["period"].map(bad_periods.get)
    out_of_range = (period_code == "date_out_of_range") & region_code.isna()  # as in pandas: on good regions
    rejected_lines = int(groups["rows"][region_code.notna() | period_code.notna()].sum())  # bad region or date
    for code, rows in [*groups["rows"].groupby(region_code), *groups["rows"].groupby(period_code)]:
        if code != "date_out_of_range":
            run.rejected[code] = run.rejected.get(code, 0) + int(rows.sum())
    if out_of_range.any():
        run.rejected["date_out_of_range"] = int(groups["rows"][out_of_range].sum())
    if not (bad_regions or bad_periods):
        return
    region, period = source.text(mapping.region), source.text(mapping.period)
    order = source.relation.c[source.order] if source.order else sa.literal(0)
    condition = sa.or_(
        region.in_(sorted(bad_regions)) if bad_regions else sa.false(),
        period.in_(sorted(bad_periods)) if bad_periods else sa.false(),
    )
    statement = sa.select(order.label("line"), region.label("region"), period.label("period")).where(condition)
    if source.order:
        statement = statement.order_by(order)
    rows = _timed(run, "problems", connection, statement.limit(PROBLEM_ROWS), report, (0.35, 0.45))
    listed = len(problems.blocks)
    lines = pd.Series(source.line_of(rows["line"].to_numpy(dtype="int64")) if source.order else rows["line"])
    # meanings read again per text: an engine with a case- or space-insensitive collation may have
    # grouped '广东 ' under '广东'
    region_meaning = rows["region"].map(lambda text: regions[text] if text in regions else region_of(text, regions_of))
    period_code = rows["period"].map(lambda text: periods[text] if text in periods else month_or_problem(text, today))
    region_bad = ~region_meaning.map(_is_code)
    for text in rows["region"][region_bad].unique():
        chosen = (rows["region"] == text).to_numpy()
        meaning = region_meaning[chosen].iloc[0]
        detail = {"candidates": list(meaning.candidates)} if meaning != "TOTAL" and meaning.candidates else {}
        problems.add_many(lines[chosen], mapping.region, rows["region"][chosen], _region_code(meaning), **detail)
    for code in sorted({code for code in period_code if isinstance(code, str)}):
        chosen = (period_code == code).to_numpy(dtype=bool, copy=True)
        detail = {}
        if code == "date_out_of_range":
            chosen &= ~region_bad.to_numpy()
            detail = {"earliest": EARLIEST.isoformat(), "latest": today.isoformat()}
        if chosen.any():
            problems.add_many(lines[chosen], mapping.period, rows["period"][chosen], code, **detail)
    if len(rows) >= PROBLEM_ROWS:  # the list stopped short: the rest of each reason counted, not listed
        shown = pd.concat([pd.Series(dtype=str), *(block["code"] for block in problems.blocks[listed:])]).value_counts()
        for code, count in run.rejected.items():
            detail = (
                {"earliest": EARLIEST.isoformat(), "latest": today.isoformat()} if code == "date_out_of_range" else {}
            )
            problems.add_unlisted(count - int(shown.get(code, 0)), code, **detail)
        problems.unlisted_lines = max(rejected_lines - len(rows), 0)


def _region_code(meaning: object) -> str:
    return "total_in_records" if meaning == "TOTAL" else f"region_{meaning.reason}"


# --- steps 3 and 4: the rules per person -------------------------------------------------------------
VALUES_DIALECTS = ("postgresql", "duckdb")  # (VALUES …) AS name (columns): PostgreSQL, Greenplum, DuckDB


def _lookup(name: str, pairs: dict[str, int], dialect: str) -> sa.FromClause:
    """A small table of (text, value) written into the statement as literals — a VALUES list where
    the engine takes one as a table, else one SELECT per pair, UNION ALL (the MySQL family, Doris,
    StarRocks). Literals, not bound parameters: a national file's ~2,000 date texts would otherwise
    travel as ~4,000 parameters the driver binds and the engine plans one by one."""
    rows = sorted(pairs.items())
    if dialect in VALUES_DIALECTS:
        columns = (sa.column("text", sa.String), sa.column("value", sa.Integer))
        return sa.values(*columns, name=name, literal_binds=True).data(rows)
    selects = [
        sa.select(
            sa.literal(text, sa.String, literal_execute=True).label("text"),
            sa.literal(value, sa.Integer, literal_execute=True).label("value"),
        )
        for text, value in rows
    ]
    return (sa.union_all(*selects) if len(selects) > 1 else selects[0]).subquery(name)


def _person(raw: sa.ColumnElement) -> sa.ColumnElement:
    """person_key in SQL: surrounding spaces off and x written X — computed only for the rare cells
    that need it (a LIKE is cheap; a new string per row is not)."""
    needs = sa.or_(raw.like("% "), raw.like(" %"), raw.like("%x%"))
    return sa.case((needs, sa.func.replace(sa.func.trim(raw), "x", "X")), else_=raw)


def _bucket(person: sa.ColumnElement, dialect: sa.Dialect) -> sa.ColumnElement:
    """What people are grouped by to find who needs ordering: a 64-bit hash of the ID where the
    engine has one — DuckDB's ``hash``, PostgreSQL's ``hashtextextended`` (11 and later) — as
    grouping 10^8 integers takes far less memory and time than 10^8 texts (two people sharing a
    hash are only both ordered: the windows still partition by the ID itself); elsewhere the ID."""
    if dialect.name == "duckdb":
        return sa.func.hash(person)
    if dialect.name == "postgresql" and (dialect.server_version_info or (0,)) >= (11,):
        return sa.func.hashtextextended(person, 0)
    return person


def _masked(raw: sa.ColumnElement) -> sa.ColumnElement:
    """mask_id in SQL: first 6 and last 4 characters of an ID number (2 and 4 of a shorter text)."""
    text = sa.func.trim(raw)
    length = sa.func.char_length(text)
    stars = sa.func.repeat

    def keep(front: int) -> sa.ColumnElement:
        return sa.func.concat(
            sa.func.substring(text, 1, front), stars("*", length - (front + 4)), sa.func.right(text, 4)
        )

    return sa.case((length <= 4, stars("*", length)), (length >= 14, keep(6)), else_=keep(2))


def _check_rules(connection, run, source, mapping, labels, valid_regions, valid_periods, problems, report) -> None:
    lookups = {}
    if labels is not None:
        folded = sorted({fold_header(text) for text in labels["occupation"]})
        code_of = {name: index for index, name in enumerate(folded)}
        lookups["occupation"] = {text: code_of[fold_header(text)] for text in labels["occupation"].unique()}
        ranks = {text: LEVEL_RANK.get(str(text).strip()) for text in labels["level"].unique()}
        lookups["level"] = {text: rank for text, rank in ranks.items() if rank is not None}
    statement = _rules_statement(source, mapping, valid_regions, valid_periods, lookups)
    flagged, totals = _flagged(connection, run, _listed(statement), report)  # in line order, as pandas lists them
    lines = source.line_of(flagged["line"]) if source.order else flagged["line"]
    columns = {"rule_more_than_three": mapping.person_id}
    columns.update({"rule_same_level": mapping.skill_level, "rule_lower_level": mapping.skill_level})
    for code in RULES:
        chosen = flagged[code]
        run.flagged[code] = totals[code]
        detail = {"limit": MAX_PER_PERSON} if code == "rule_more_than_three" else {}
        if chosen.any():
            problems.add_many(
                pd.Series(lines[chosen]),
                columns[code],
                pd.Series(flagged["masked"][chosen]),
                code,
                kind="warning",
                **detail,
            )
        problems.add_unlisted(totals[code] - int(chosen.sum()), code, kind="warning", **detail)


def _rules_statement(source, mapping, valid_regions, valid_periods, lookups) -> sa.Select:
    """The flagged rows: (line, masked ID, one 0/1 column per rule).

    The file is read once into ``counted`` — the valid rows as integers (line, person's bucket,
    month, occupation, level) beside the raw ID; a GROUP BY of it finds the people who need
    ordering (more than three trainings, or an occupation trained again), and only their rows are
    ordered, by two windows over integer keys: the person's n-th training, and per occupation the
    bit set of the levels seen before and the highest level before (both occupation rules)."""
    dialect = source.engine.dialect.name
    relation = source.relation
    periods = _lookup("periods", valid_periods, dialect)
    regions = _lookup("regions", dict.fromkeys(valid_regions, 1), dialect)
    order = relation.c[source.order] if source.order else sa.literal(0)
    raw_id = source.text(mapping.person_id)
    joined = relation.join(periods, source.text(mapping.period) == periods.c.text).join(
        regions, source.text(mapping.region) == regions.c.text
    )
    columns = [
        order.label("line"),
        raw_id.label("raw_id"),
        _bucket(_person(raw_id), source.engine.dialect).label("bucket"),
        periods.c.value.label("month"),
    ]
    if lookups:
        occupations = _lookup("occupations", lookups["occupation"], dialect)
        joined = joined.join(occupations, source.text(mapping.occupation) == occupations.c.text)
        columns.append(occupations.c.value.label("occupation"))
        if lookups["level"]:
            levels = _lookup("levels", lookups["level"], dialect)
            joined = joined.outerjoin(levels, source.text(mapping.skill_level) == levels.c.text)
            columns.append(levels.c.value.label("level"))
        else:
            columns.append(sa.null().label("level"))
    counted = sa.select(*columns).select_from(joined).cte("counted")
    if dialect == "duckdb":
        # DuckDB inlines a CTE into each of its two uses (reading the file twice) unless told to
        # keep it; PostgreSQL keeps a CTE used twice by default, MariaDB decides for itself
        counted = counted.prefix_with("MATERIALIZED", dialect="duckdb")
    if lookups:
        # a person needs ordering who trained more than three times, or twice or three times with
        # an occupation repeated: with n ≤ 3 codes lo ≤ mid ≤ hi (mid = sum − lo − hi), one repeats
        # exactly when lo = mid or mid = hi — one GROUP BY, no COUNT(DISTINCT)
        n, lo, hi = sa.func.count(), sa.func.min(counted.c.occupation), sa.func.max(counted.c.occupation)
        mid = sa.func.sum(counted.c.occupation) - lo - hi
        repeats = sa.or_(sa.and_(n == 2, lo == hi), sa.and_(n == 3, sa.or_(lo == mid, mid == hi)))
        needs_order = sa.or_(n > MAX_PER_PERSON, repeats)
    else:
        needs_order = sa.func.count() > MAX_PER_PERSON
    candidates = sa.select(counted.c.bucket).group_by(counted.c.bucket).having(needs_order).subquery("candidates")
    # date order, ties in file order (without an order column: by occupation and level, the same on every engine)
    in_order = [counted.c.month, counted.c.line] if source.order else [counted.c.month]
    if lookups and not source.order:
        in_order += [counted.c.occupation, counted.c.level]
    person = [counted.c.bucket, _person(counted.c.raw_id)]  # the bucket first: integers sort fast
    windows = [
        counted.c.line,
        counted.c.raw_id,
        sa.func.row_number().over(partition_by=person, order_by=in_order).label("nth"),
    ]
    if lookups:
        before = {"partition_by": [*person, counted.c.occupation], "order_by": in_order, "rows": (None, -1)}
        bit = sa.literal(1).op("<<")(counted.c.level)
        windows += [
            counted.c.level,
            # an empty frame (the first training in an occupation) is NULL in PostgreSQL, 0 in MariaDB
            sa.func.coalesce(sa.func.bit_or(bit).over(**before), 0).label("seen"),
            sa.func.max(counted.c.level).over(**before).label("best"),
        ]
    ranked = (
        sa.select(*windows)
        .select_from(counted.join(candidates, counted.c.bucket == candidates.c.bucket))
        .subquery("ranked")
    )
    beyond = ranked.c.nth > MAX_PER_PERSON
    flags = [sa.case((beyond, 1), else_=0).label("rule_more_than_three")]
    conditions = [beyond]
    if lookups:
        repeated = sa.and_(ranked.c.level.is_not(None), ranked.c.seen.op(">>")(ranked.c.level).op("&")(1) == 1)
        lower = sa.and_(ranked.c.level < ranked.c.best, sa.not_(repeated))
        flags += [sa.case((repeated, 1), else_=0).label("rule_same_level")]
        flags += [sa.case((lower, 1), else_=0).label("rule_lower_level")]
        conditions += [repeated, lower]
    return sa.select(ranked.c.line, _masked(ranked.c.raw_id).label("masked"), *flags).where(sa.or_(*conditions))


def _listed(statement: sa.Select) -> sa.Select:
    """The first ``PROBLEM_ROWS`` flagged rows in line order, each with the exact number of rows
    every rule flags in the whole source (``SUM … OVER ()``, counted before the LIMIT): a national
    table may flag millions of rows, and only the listed ones travel."""
    flagged = statement.subquery("flagged")
    codes = [code for code in RULES if code in flagged.c]
    totals = [sa.func.sum(flagged.c[code]).over().label(f"{code}_rows") for code in codes]
    return sa.select(*flagged.c, *totals).order_by(flagged.c.line, flagged.c.masked).limit(PROBLEM_ROWS)


def _flagged(
    connection, run: SqlRun, statement: sa.Select, report: Watch
) -> tuple[dict[str, np.ndarray], dict[str, int]]:
    """The listed flagged rows as columns, and the rows each rule flags in all: DuckDB hands them
    over as Arrow columns (its DB-API rows would be a Python tuple per row, a quarter of the run);
    other engines' rows are fetched in batches."""
    started = time.perf_counter()
    run.statements.append(_sql(connection, statement))
    fetch = _flagged_arrow if connection.dialect.name == "duckdb" else _flagged_rows
    found = watched(
        connection.connection.driver_connection, lambda: fetch(connection, statement), report, 0.45, 0.97, "rules"
    )
    run.seconds["rules"] = time.perf_counter() - started
    totals = {code: int(found.pop(f"{code}_rows", [0])[0]) if len(found["line"]) else 0 for code in RULES}
    return found, totals


def _flagged_arrow(connection, statement: sa.Select) -> dict[str, np.ndarray]:
    text = str(statement.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True}))
    table = connection.connection.driver_connection.sql(text).to_arrow_table()
    found = {"line": table.column("line").to_numpy().astype("int64")}
    found["masked"] = table.column("masked").to_numpy(zero_copy_only=False).astype(object)
    for code in RULES:
        found[code] = (
            table.column(code).to_numpy().astype(bool) if code in table.column_names else np.zeros(len(table), bool)
        )
        if f"{code}_rows" in table.column_names:
            found[f"{code}_rows"] = table.column(f"{code}_rows").to_numpy()
    return found


def _flagged_rows(connection, statement: sa.Select) -> dict[str, np.ndarray]:
    lines, masked, flags, totals = [], [], {code: [] for code in RULES}, {}
    result = connection.execution_options(stream_results=True, yield_per=FETCH_ROWS).execute(statement)
    names = list(result.keys())
    for batch in result.partitions():
        columns = list(zip(*batch, strict=True)) if batch else [()] * len(names)
        values = dict(zip(names, columns, strict=True))
        lines.append(np.asarray(values["line"], dtype="int64"))
        masked.append(np.asarray(values["masked"], dtype=object))
        for code in RULES:
            flags[code].append(
                np.asarray(values[code], dtype=bool) if code in values else np.zeros(len(batch), dtype=bool)
            )
            if batch and f"{code}_rows" in values:  # the same on every row: counted over all flagged rows
                totals[f"{code}_rows"] = [int(values[f"{code}_rows"][0])]

    def joined(parts, dtype):
        return np.concatenate(parts) if parts else np.array([], dtype=dtype)

    found = {"line": joined(lines, "int64"), "masked": joined(masked, object)}
    found.update({code: joined(parts, bool) for code, parts in flags.items()})
    return found | totals


# --- running ----------------------------------------------------------------------------------------
def _timed(run: SqlRun, step: str, connection, statement, report: Watch, span: tuple[float, float]) -> pd.DataFrame:
    started = time.perf_counter()
    run.statements.append(_sql(connection, statement))

    def work() -> pd.DataFrame:
        result = connection.execute(statement)
        # plain tuples: pandas reads SQLAlchemy's Row objects one cell at a time (tens of thousands
        # of date × province groups took 0.4 s more than the engine's statement)
        return pd.DataFrame([tuple(row) for row in result], columns=list(result.keys()))

    name = "problems" if step == "problems" else "count"
    frame = watched(connection.connection.driver_connection, work, report, *span, name)
    run.seconds[step] = run.seconds.get(step, 0.0) + time.perf_counter() - started
    return frame


def _sql(connection, statement) -> str:
    """The statement as this engine runs it, parameters as placeholders (the literal tables of
    texts are data, not the query)."""
    return str(statement.compile(dialect=connection.dialect))
