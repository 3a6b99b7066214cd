"""Realistic upload files, made by code so every byte is reviewable, each with its expected result.

Every fixture is (file name, bytes); tests/test_upload.py asserts the exact outcome of each.
"""

from __future__ import annotations

import io
import zipfile

GBK_WAN_TOTAL = (
    "各省补贴性职业技能培训情况（单位：万人次）\r\n"
    "省份,月份,人次(万人次)\r\n"
    "广东省,2026-09,1.25\r\n"
    "四川省,2026-09,0.8\r\n"
    "河南省,2026-09,0.95\r\n"
    "合计,2026-09,3\r\n"
    "广东省,2026-10,1.3\r\n"
    "四川省,2026-10,0.85\r\n"
    "河南省,2026-10,1\r\n"
    "合计,2026-10,3.5\r\n"
    "注：合计为各省之和。\r\n"
).encode("gb18030")

UTF8_BOM_EXPORT = '\ufeff地区,时间,指标,数值\r\n广东,2026年9月,新增技能人才,"61,234"\r\n广东,2026年10月,新增技能人才,"65,890"\r\n四川,2026年10月,新增技能人才,"40,211"\r\n'.encode()

TAB_SEPARATED = b"region\tmonth\tindicator\tvalue\nGuangdong\t2026-09\tsubsidised_training\t120000\nSichuan\t2026-09\tsubsidised_training\t45000\n\nBeijing\t2026-09\tsubsidised_training\t30000\n"

FULLWIDTH_COMMA_HEADER = "省份，月份，人次\n浙江,202609,7000\n浙江,202610,7100\n".encode()

WIDE_MONTHS_TRADITIONAL = (
    "地區,2026年7月,2026年8月,2026年9月\n廣東省,100,110,120\n內蒙古自治區,10,—,12\n新疆維吾爾自治區,20,21,22\n".encode()
)

TRADITIONAL_LONG = "省份,月份,人數\n廣東,2026-10,5\n遼寧省,2026-10,3\n台灣,2026-10,1\n".encode()

RECORDS = (
    "身份证号,培训日期,省份,职业（工种）,技能等级\n"
    "440102********1234,2026-01-05,广东,电工,初级工\n"
    "440102********1234,2026-03-10,广东,电工,中级工\n"
    "440102********1234,2026-05-20,广东,焊工,初级工\n"
    "440102********1234,2026-07-01,广东,育婴员,初级工\n"  # 4th training: more than three
    "510104********5678,2026-02-11,四川,焊工,中级工\n"
    "510104********5678,2026-04-18,四川,焊工,中级工\n"  # same occupation and level again
    "510104********9999,2026-02-11,四川,电工,高级工\n"
    "510104********9999,2026-06-30,四川,电工,中级工\n"  # lower level after a higher one
    "110105********0001,2026/2/3,北京,电工,初级工\n"
    "110105********0002,2026-02-30,北京,电工,初级工\n"  # no such day
).encode()

EMPTY = b""
HEADER_ONLY = "省份,月份,人数\n".encode()
BINARY_JUNK = bytes(range(256)) * 8
WRONG_COLUMNS = b"name,colour,size\napple,red,3\npear,green,2\n"
UNKNOWN_PROVINCES = "省份,月份,人数\n广栋,2026-10,5\nGuangdon,2026-10,6\n火星,2026-10,7\n四川,2026-10,8\n".encode()
NON_NUMERIC = '省份,月份,人数\n广东,2026-10,abc\n四川,2026-10,12..3\n河南,2026-10,"1,23"\n湖北,2026-10,42\n'.encode()
DATES_OUT_OF_RANGE = "省份,月份,人数\n广东,1999-05,1\n四川,2031-01,2\n河南,2026-13,3\n湖北,2026-10,4\n".encode()
MISSING_AND_NEGATIVE = "省份,月份,人数\n广东,2026-10,—\n四川,2026-10,-\n河南,2026-10,无\n湖北,2026-10,\n湖南,2026-10,(123)\n江西,2026-10,1.5万\n".encode()
UTF16 = "省份\t月份\t人数\n广东\t2026-10\t5\n".encode("utf-16")


def xlsx_with_title_and_notes() -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "分省数据"
    sheet["A1"] = "2026年各省新增技能人才（单位：人）"
    sheet.merge_cells("A1:C1")
    sheet.append([])
    sheet.append(["省份", "月份", "新增技能人才"])
    sheet.append(["广东省", "2026-10", 65890])
    sheet.append(["江苏省", "2026-10", 52110])
    sheet.append(["注：数据为初步统计。"])
    sheet.append(["数据来源：各省人社厅"])
    extra = book.create_sheet("说明")
    extra["A1"] = "本表按月报送"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_bomb(declared_mb: int = 300) -> bytes:
    """A valid .xlsx-shaped zip whose sheet unpacks to ``declared_mb`` MB of zeros (~300 KB packed)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as handle:
            chunk = b"0" * (1024 * 1024)
            for _ in range(declared_mb):
                handle.write(chunk)
    return buffer.getvalue()


FIXTURES = {
    "gbk_wan_total.csv": GBK_WAN_TOTAL,
    "utf8_bom_export.csv": UTF8_BOM_EXPORT,
    "tab_separated.tsv": TAB_SEPARATED,
    "fullwidth_comma_header.csv": FULLWIDTH_COMMA_HEADER,
    "wide_months_traditional.csv": WIDE_MONTHS_TRADITIONAL,
    "traditional_long.csv": TRADITIONAL_LONG,
    "records_violations.csv": RECORDS,
    "empty.csv": EMPTY,
    "header_only.csv": HEADER_ONLY,
    "binary_junk.csv": BINARY_JUNK,
    "wrong_columns.csv": WRONG_COLUMNS,
    "unknown_provinces.csv": UNKNOWN_PROVINCES,
    "non_numeric.csv": NON_NUMERIC,
    "dates_out_of_range.csv": DATES_OUT_OF_RANGE,
    "missing_and_negative.csv": MISSING_AND_NEGATIVE,
    "utf16.txt": UTF16,
}


# --- the three defects of issue #10, as provinces send such files -------------------------------
# 1. A unit in a column header when the indicators are the columns (GBK): 1.2 万人次 is 12,000.
UNIT_IN_HEADER_WIDE = (
    "地区,时间,补贴性职业技能培训(万人次),补贴金额(万元)\r\n"
    "广东省,2026-09,1.2,350.5\r\n"
    "四川省,2026-09,0.75,120\r\n"
    "广东省,2026-10,1.3,362.25\r\n"
).encode("gb18030")
# 1b. The same header in a file with one value column named by no catalogue indicator.
UNIT_IN_HEADER_ONE_COLUMN = "地区,时间,培训人数(万人次)\r\n广东省,2026-10,1.2\r\n四川省,2026-10,0.5\r\n".encode(
    "gb18030"
)
MONTHS_2025_H1 = [f"2025年{month}月" for month in range(1, 7)]
TITLE_WORKBOOK_ROWS = [  # (province, six months in 万人次)
    ("广东省", [1.25, 1.5, 2.0, 2.25, 2.5, 3.0]),
    ("江苏省", [1.0, 1.25, 1.5, 1.75, 2.0, 2.25]),
    ("四川省", [0.5, 0.75, 1.0, 1.0, 1.25, 1.5]),
]


def title_only_workbook(
    title: str = "2025年上半年各地区补贴性职业技能培训完成情况", unit_row: str = "单位：万人次"
) -> bytes:
    """2. The indicator named only in the title: a title row, a unit row, months as columns, a 合计
    row and 注 rows (as a provincial department's monthly workbook)."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "上半年"
    sheet["A1"] = title
    sheet.merge_cells("A1:G1")
    if unit_row:
        sheet["G2"] = unit_row
    sheet.append(["地区", *MONTHS_2025_H1])
    for province, values in TITLE_WORKBOOK_ROWS:
        sheet.append([province, *values])
    sheet.append(["合计", *(sum(v[i] for _, v in TITLE_WORKBOOK_ROWS) for i in range(6))])
    sheet.append(["注：1.数据为初步统计。"])
    sheet.append(["　　2.合计为三省之和。"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- every unit hint, every shape: the test matrix -------------------------------------------------
# magnitude -> (unit as written, factor, base unit, indicator name, catalogue id or None for an own one)
MAGNITUDE_CASES = {
    "万": ("万人次", 1e4, "人次", "补贴性职业技能培训", "subsidised_training"),
    "亿": ("亿元", 1e8, "元", "培训补贴资金", None),
    "千": ("千人", 1e3, "人", "新增技能人才", "skilled_workers_new"),
    "百分比": ("%", 1.0, "%", "培训合格率", None),
}
RECORD_AMOUNTS = {
    "万": ("万元", 1e4, "元"),
    "亿": ("亿元", 1e8, "元"),
    "千": ("千元", 1e3, "元"),
    "百分比": ("%", 1.0, "%"),
}
PLACES = ("title", "unit_row", "header", "cell", "unit_column")
SHAPES = ("long", "wide_period", "wide_indicator", "records")
_ROWS = [("广东", "2026-09", 1.25), ("广东", "2026-10", 2.5), ("四川", "2026-09", 0.75), ("四川", "2026-10", 0.5)]
_CODES = {"广东": "440000", "四川": "510000"}


def unit_matrix_file(shape: str, place: str, magnitude: str) -> tuple[str, bytes, dict]:
    """A CSV of ``shape`` with the unit named at ``place``; returns (name, bytes, expected) where
    expected maps (region code, YYYY-MM) -> the value that must be stored, and names the indicator."""
    unit, factor, base, name, catalogue_id = MAGNITUDE_CASES[magnitude]
    if shape == "records":
        unit, factor, base = RECORD_AMOUNTS[magnitude]
        name = "补贴金额"
    cell = (lambda v: f"{v:g}{unit}") if place == "cell" else (lambda v: f"{v:g}")
    title = f"2026年各省{name}情况" + (f"（单位：{unit}）" if place == "title" else "")
    lines = [title] + ([f"单位：{unit}"] if place == "unit_row" else [])
    header_unit = f"({unit})" if place == "header" else ""
    expected = {}
    if shape == "long":
        lines.append("省份,月份,指标,数值" + header_unit + (",单位" if place == "unit_column" else ""))
        for province, month, value in _ROWS:
            lines.append(f"{province},{month},{name},{cell(value)}" + (f",{unit}" if place == "unit_column" else ""))
            expected[(_CODES[province], month)] = value * factor
    elif shape == "wide_period":
        months = ["2026-09", "2026-10"]
        lines.append(
            ",".join(["省份", *(f"{m[:4]}年{int(m[5:])}月{header_unit}" for m in months)])
            + (",单位" if place == "unit_column" else "")
        )
        for province in ("广东", "四川"):
            values = [v for p, _, v in _ROWS if p == province]
            lines.append(",".join([province, *map(cell, values)]) + (f",{unit}" if place == "unit_column" else ""))
            expected.update({(_CODES[province], m): v * factor for m, v in zip(months, values, strict=True)})
    elif shape == "wide_indicator":  # beside it, a column of persons that keeps its own unit
        own = "(人)" if place in ("title", "unit_row", "unit_column") else ""
        lines.append(f"省份,月份,{name}{header_unit},新增高技能人才{own}" + (",单位" if place == "unit_column" else ""))
        for province, month, value in _ROWS:
            lines.append(f"{province},{month},{cell(value)},7" + (f",{unit}" if place == "unit_column" else ""))
            expected[(_CODES[province], month)] = value * factor
    else:  # records: one row per person-time with the subsidy paid; amounts are summed per month
        lines.append(f"身份证号,培训日期,省份,{name}{header_unit}" + (",单位" if place == "unit_column" else ""))
        for number, (province, month, value) in enumerate(_ROWS):
            for half in (value / 2, value / 2):
                lines.append(
                    f"440102********{number:04d},{month}-15,{province},{cell(half)}"
                    + (f",{unit}" if place == "unit_column" else "")
                )
            expected[(_CODES[province], month)] = (value / 2) * factor + (value / 2) * factor
    return (
        f"{shape}-{place}-{magnitude}.csv",
        "\n".join(lines).encode("gb18030"),
        {
            "expected": expected,
            "unit": unit,
            "factor": factor,
            "base": base,
            "name": name,
            "catalogue_id": None if shape == "records" else catalogue_id,
        },
    )


# --- the shapes statistical reports take (issue #24): year-to-date totals, a year only in the title ------
# 1—3月 report: the month's own figure beside the 1—3月 total and a 同比 %; the year only in the title.
YTD_BESIDE_MONTH = (
    "2025年1—3月各地区补贴性职业技能培训情况\r\n"
    "单位：人次\r\n"
    "地区,3月,1—3月累计,同比增长(%)\r\n"
    "广东省,12000,33000,5.2\r\n"
    "河南省,9000,25000,-1.3\r\n"
    "海南省,800,2100,12.0\r\n"
).encode("gb18030")

# a year-to-date series: columns 1月 2月 3月 are running totals (the title says 累计), the year only in the title
YTD_SERIES_TITLE_YEAR = (
    "2025年各地区补贴性职业技能培训累计完成情况（单位：万人次）\n"
    "地区,1月,2月,3月\n"
    "广东,1.0,2.5,4.5\n"
    "河南,0.8,1.6,2.0\n"
    "海南,0.1,—,0.4\n"
).encode()

# the same columns as months' own figures: the title names the year and no 累计
TITLE_YEAR_MONTHLY = "2025年各地新增技能人才情况\n省份,1月,2月,3月\n广东,6100,6200,6300\n四川,4000,4100,4200\n".encode()

# months without any year: never guessed
MONTHS_WITHOUT_YEAR = "省份,1月,2月\n广东,6100,6200\n四川,4000,4100\n".encode()

# a long export: 本月 beside 累计 and 同比
LONG_MONTH_YTD_YOY = (
    "地区,月份,本月(人次),累计(人次),同比(%)\n"
    "广东,2025年1月,1000,1000,3.0\n"
    "广东,2025年2月,1200,2200,4.1\n"
    "四川,2025年1月,700,700,-2.0\n"
    "四川,2025年2月,650,1350,1.5\n"
).encode()

# a long export whose periods are runs from January (1—2月, 1—3月): each a year-to-date total
LONG_YTD_PERIODS = (
    "地区,时间,补贴性职业技能培训(人次)\n"
    "广东,2025年1月,1000\n"
    "广东,2025年1—2月,2200\n"
    "广东,2025年1—3月,3000\n"
    "四川,2025年1—2月,1350\n"
    "四川,2025年1—3月,1300\n"
).encode()

REPORT_SHAPES = {
    "ytd_beside_month.csv": YTD_BESIDE_MONTH,
    "ytd_series_title_year.csv": YTD_SERIES_TITLE_YEAR,
    "title_year_monthly.csv": TITLE_YEAR_MONTHLY,
    "months_without_year.csv": MONTHS_WITHOUT_YEAR,
    "long_month_ytd_yoy.csv": LONG_MONTH_YTD_YOY,
    "long_ytd_periods.csv": LONG_YTD_PERIODS,
}
