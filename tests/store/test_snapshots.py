"""Snapshots: atomic, immutable, verified; a broken one is refused while the others work."""

import json
from datetime import date

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from lib.store.snapshots import SnapshotError, open_snapshot, read_observations, scan_snapshots, write_snapshot


def frame(**extra):
    data = {
        "indicator_id": ["a", "a", "b"],
        "region_code": ["110000", "440000", "000000"],
        "period": pd.to_datetime(["2024-01-01", "2024-01-01", "2024-02-01"]),
        "value": [1.0, 2.0, 3.5],
    }
    data.update(extra)
    return pd.DataFrame(data)


def write(root, snapshot_id="2024-02-29-test", data=None, **fields):
    meta = dict(as_of=date(2024, 2, 29), title="T", publisher="P", source="S", license="CC0", demo=False)
    meta.update(fields)
    return write_snapshot(root, frame() if data is None else data, snapshot_id=snapshot_id, **meta)


def test_round_trip_with_manifest(tmp_path):
    ref = write(tmp_path, data=frame(training_type=["岗前培训", None, None]))
    manifest = json.loads((ref.path / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest) == {
        "id",
        "as_of",
        "title",
        "publisher",
        "source",
        "license",
        "created_at",
        "rows",
        "sha256",
        "schema_version",
        "demo",
        "notes",
    }
    assert manifest["rows"] == 3 and manifest["as_of"] == "2024-02-29" and manifest["demo"] is False
    schema = pq.read_schema(ref.path / "observations.parquet")
    assert schema.field("period").type == pa.date32() and schema.field("region_code").type == pa.string()
    assert schema.field("training_type").type == pa.string()
    back = read_observations(ref)
    assert list(back["value"]) == [1.0, 2.0, 3.5] and back["training_type"].isna().sum() == 2
    assert [p.name for p in tmp_path.iterdir()] == ["2024-02-29-test"]  # no temp folder left


def test_never_writes_over_an_existing_snapshot(tmp_path):
    write(tmp_path)
    with pytest.raises(SnapshotError) as caught:
        write(tmp_path)
    assert caught.value.key == "snapshot.error.exists"


@pytest.mark.parametrize(
    ("data", "key"),
    [
        (frame(region_code=["110000", "44", "000000"]), "snapshot.error.region_code"),
        (frame(period=pd.to_datetime(["2024-01-15", "2024-01-01", "2024-02-01"])), "snapshot.error.period"),
        (frame(value=[1.0, float("nan"), 2.0]), "snapshot.error.value"),
        (
            frame(
                indicator_id=["a", "a", "a"],
                region_code=["110000", "110000", "000000"],
                period=pd.to_datetime(["2024-01-01"] * 3),
            ),
            "snapshot.error.duplicate",
        ),
        (frame(training_type=["合计", None, None]), "snapshot.error.total_row"),
    ],
)
def test_bad_content_is_refused_on_write(tmp_path, data, key):
    with pytest.raises(SnapshotError) as caught:
        write(tmp_path, data=data)
    assert caught.value.key == key and not any(tmp_path.iterdir())


def test_a_changed_file_is_refused_and_the_others_still_listed(tmp_path):
    good = write(tmp_path, "2024-02-29-good")
    bad = write(tmp_path, "2024-03-31-bad", as_of=date(2024, 3, 31))
    with (bad.path / "observations.parquet").open("ab") as handle:
        handle.write(b"tampered")
    refs, problems = scan_snapshots(tmp_path)
    assert [ref.id for ref in refs] == [good.id]
    assert [p.folder for p in problems] == ["2024-03-31-bad"] and problems[0].error.key == "snapshot.error.checksum"
    assert "校验和" in problems[0].error.text("zh")


def test_newest_as_of_first(tmp_path):
    write(tmp_path, "2024-02-29-a")
    write(tmp_path, "2024-05-31-b", as_of=date(2024, 5, 31))
    assert [ref.id for ref in scan_snapshots(tmp_path)[0]] == ["2024-05-31-b", "2024-02-29-a"]


def rewrite_manifest(ref, **changes):
    path = ref.path / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest.update(changes)
    for name, value in changes.items():
        if value is None:
            del manifest[name]
    path.write_text(json.dumps(manifest), encoding="utf-8")


@pytest.mark.parametrize(
    ("changes", "key"),
    [
        ({"sha256": None}, "snapshot.error.manifest_field"),
        ({"rows": "3"}, "snapshot.error.manifest_type"),
        ({"demo": "yes"}, "snapshot.error.manifest_type"),
        ({"as_of": "31/03/2024"}, "snapshot.error.manifest_type"),
        ({"id": "other"}, "snapshot.error.id_mismatch"),
        ({"schema_version": 9}, "snapshot.error.schema_version"),
        ({"rows": 4}, "snapshot.error.rows"),
    ],
)
def test_bad_manifest_is_refused_with_its_reason(tmp_path, changes, key):
    ref = write(tmp_path)
    rewrite_manifest(ref, **changes)
    with pytest.raises(SnapshotError) as caught:
        open_snapshot(ref.path)
    assert caught.value.key == key


def test_wrong_schema_is_refused(tmp_path):
    ref = write(tmp_path)
    table = pa.table({"indicator_id": ["a"], "region_code": ["110000"], "period": ["2024-01"], "value": [1.0]})
    path = ref.path / "observations.parquet"
    pq.write_table(table, path)
    import hashlib

    rewrite_manifest(ref, sha256=hashlib.sha256(path.read_bytes()).hexdigest(), rows=1)
    with pytest.raises(SnapshotError) as caught:
        open_snapshot(ref.path)
    assert caught.value.key == "snapshot.error.column_type" and "period" in caught.value.text("en")


def test_not_json_and_missing_files(tmp_path):
    ref = write(tmp_path)
    (ref.path / "manifest.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(SnapshotError) as caught:
        open_snapshot(ref.path)
    assert caught.value.key == "snapshot.error.manifest_json"
    (ref.path / "manifest.json").unlink()
    with pytest.raises(SnapshotError) as caught:
        open_snapshot(ref.path)
    assert caught.value.key == "snapshot.error.no_manifest"


def test_the_query_is_recorded_only_when_given_and_read_back(tmp_path):
    """The optional manifest field of snapshots computed from record-level data (python -m lib.cli)."""
    plain = write(tmp_path)
    assert "query" not in json.loads((plain.path / "manifest.json").read_text(encoding="utf-8"))
    assert open_snapshot(plain.path)[0].manifest.query == ""
    computed = write(tmp_path, "2024-02-29-records", query="SELECT region, count(*) FROM records GROUP BY region")
    assert open_snapshot(computed.path)[0].manifest.query.startswith("SELECT region")
    manifest_path = computed.path / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest_path.write_text(json.dumps({**manifest, "query": 42}), encoding="utf-8")
    with pytest.raises(SnapshotError) as error:
        open_snapshot(computed.path)
    assert "query" in error.value.text("en")


# --- schema version 2: citations ------------------------------------------------------------------
def cited_frame(**extra):
    return frame(citation_id=["c1", "c1", "c2"], **extra)


def citations(**extra):
    data = {
        "citation_id": ["c1", "c2"],
        "publisher": ["人力资源社会保障部", "国家统计局"],
        "date": [date(2025, 9, 26), None],
        "title": ["发布会", "统计公报"],
        "quote": ["累计超4200万人次", "年末全国就业人员73351万人"],
        "outlet": ["人民日报", None],
        "secondary": [True, True],
    }
    data.update(extra)
    return pd.DataFrame(data)


def write_cited(root, data=None, cites=None, snapshot_id="2024-02-29-cited"):
    return write(
        root, snapshot_id, cited_frame() if data is None else data, citations=citations() if cites is None else cites
    )


def test_version_2_round_trip_with_citations(tmp_path):
    from lib.store.snapshots import read_citations

    ref = write_cited(
        tmp_path,
        cited_frame(
            period_end=pd.to_datetime(["2024-06-01", None, None]),
            bound=["at_least", None, None],
        ),
    )
    manifest = json.loads((ref.path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["schema_version"] == 2 and manifest["citations_rows"] == 2
    assert len(manifest["citations_sha256"]) == 64
    back = read_observations(ref)
    assert list(back["citation_id"]) == ["c1", "c1", "c2"] and back["bound"].iloc[0] == "at_least"
    assert back["period_end"].iloc[0] == pd.Timestamp("2024-06-01") and back["period_end"].isna().sum() == 2
    cites = read_citations(ref)
    assert list(cites["publisher"]) == ["人力资源社会保障部", "国家统计局"] and cites["date"].iloc[1] is None
    assert cites["secondary"].all()


def test_a_version_1_snapshot_still_opens_and_has_no_citations(tmp_path):
    from lib.store.snapshots import read_citations

    ref = write(tmp_path)
    assert ref.manifest.schema_version == 1 and not ref.manifest.has_citations
    assert read_citations(ref).empty and "citation_id" in read_citations(ref).columns


@pytest.mark.parametrize(
    ("data", "cites", "key"),
    [
        (cited_frame().assign(citation_id=["c1", "c9", "c2"]), None, "snapshot.error.citation_unknown"),
        (frame(), None, "snapshot.error.column_missing"),
        (None, citations(quote=["", "x"]), "snapshot.error.citation_field"),
        (None, citations(citation_id=["c1", "c1"]), "snapshot.error.citation_duplicate"),
        (cited_frame(bound=["maybe", None, None]), None, "snapshot.error.bound"),
        (cited_frame(period_end=pd.to_datetime(["2023-12-01", None, None])), None, "snapshot.error.period_end"),
    ],
)
def test_bad_citations_are_refused_on_write(tmp_path, data, cites, key):
    with pytest.raises(SnapshotError) as caught:
        write_cited(tmp_path, data, cites)
    assert caught.value.key == key and not any(tmp_path.iterdir())


def test_version_2_columns_are_refused_in_version_1(tmp_path):
    with pytest.raises(SnapshotError) as caught:
        write(tmp_path, data=cited_frame())
    assert caught.value.key == "snapshot.error.reserved_column"


def test_a_span_and_a_month_of_the_same_start_are_two_observations(tmp_path):
    data = frame(
        indicator_id=["a", "a", "b"],
        region_code=["000000", "000000", "000000"],
        period=pd.to_datetime(["2024-01-01", "2024-01-01", "2024-01-01"]),
        citation_id=["c1", "c1", "c2"],
        period_end=pd.to_datetime([None, "2024-09-01", None]),
    )
    assert len(read_observations(write_cited(tmp_path, data))) == 3


@pytest.mark.parametrize(
    ("damage", "key"),
    [
        ("tamper", "snapshot.error.checksum_citations"),
        ("delete", "snapshot.error.no_citations"),
        ("manifest", "snapshot.error.manifest_field"),
    ],
)
def test_a_damaged_citations_file_is_refused(tmp_path, damage, key):
    ref = write_cited(tmp_path)
    if damage == "tamper":
        with (ref.path / "citations.parquet").open("ab") as handle:
            handle.write(b"x")
    elif damage == "delete":
        (ref.path / "citations.parquet").unlink()
    else:
        rewrite_manifest(ref, citations_sha256=None)
    refs, problems = scan_snapshots(tmp_path)
    assert refs == [] and problems[0].error.key == key
