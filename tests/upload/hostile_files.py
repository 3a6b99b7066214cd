"""Hostile uploads, made small (issue #23): what an attacker or a careless export sends to the
readers. Used by tests/upload/test_hostile_files.py, the fuzz test and bench/bench_hostile.py."""

from __future__ import annotations

import io
import zipfile

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)


def many_cells_xlsx(rows: int, columns: int = 150, *, merged: str = "", dimension: bool = False) -> bytes:
    """A genuine .xlsx of ``rows`` × ``columns`` one-digit cells (a header row of names first): the
    9-million-cell file of the issue is ``many_cells_xlsx(60_000)``, 0.6 MB packed, ~190 MB unpacked
    (declared truthfully, so the unpacked-size check passes it). Without ``dimension`` (as a generator
    might write it) openpyxl reads the sheet twice."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(
                b'<?xml version="1.0" encoding="UTF-8"?>'
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            )
            if dimension:  # as Excel writes it: openpyxl then need not read the sheet to size it
                last = ""
                number = columns
                while number:
                    number, rest = divmod(number - 1, 26)
                    last = chr(65 + rest) + last
                sheet.write(f'<dimension ref="A1:{last}{rows + 1}"/>'.encode())
            sheet.write(b"<sheetData>")
            header = "".join(f'<c t="inlineStr"><is><t>c{i}</t></is></c>' for i in range(columns))
            sheet.write(f"<row>{header}</row>".encode())
            row = b"<row>" + b"<c><v>1</v></c>" * columns + b"</row>"
            block = row * 1000
            for _ in range(rows // 1000):
                sheet.write(block)
            sheet.write(row * (rows % 1000))
            sheet.write(b"</sheetData>")
            if merged:
                sheet.write(f'<mergeCells count="1"><mergeCell ref="{merged}"/></mergeCells>'.encode())
            sheet.write(b"</worksheet>")
    return buffer.getvalue()


def wide_header_csv(columns: int = 1_000_000) -> bytes:
    """A header line of a million columns (one line of ~2 MB)."""
    return (",".join("a" for _ in range(columns)) + "\n" + "1,2\n").encode()


def long_field_csv(chars: int = 140 * 1024, rows: int = 3) -> bytes:
    """A small table whose second data row holds one cell of ``chars`` characters."""
    body = "省份,人数\n广东,1\n" + f'"{"x" * chars}",2\n' + "江苏,3\n" * rows
    return body.encode()
