"""The catalogue against INDEX.md and the policy texts it quotes."""

import re
import shutil
from datetime import date

import pytest

from lib.core.chinese import clean_policy_text, match_key
from lib.core.settings import DEFAULT_DATA_DIR
from lib.reference.catalogue import CatalogueError, load_catalogue
from lib.reference.regions import default_registry

DOCS = DEFAULT_DATA_DIR / "policy-docs"


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(DEFAULT_DATA_DIR / "catalogue", default_registry())


def index_ids():
    text = (DOCS / "INDEX.md").read_text(encoding="utf-8")
    return set(re.findall(r"^\| `([a-z0-9_]+)`", text, flags=re.M))


def test_every_quantified_target_of_the_index_is_in_the_catalogue(catalogue):
    ids = index_ids()
    assert len(ids) == 24
    assert ids == {target.index_id for target in catalogue.targets}


def test_every_document_of_the_index_is_a_program(catalogue):
    numbers = {program.document_number for program in catalogue.programs.values()}
    for number in (
        "人社部发〔2024〕29号",
        "发改就业〔2024〕349号",
        "人社部发〔2021〕48号",
        "人社部发〔2024〕37号",
        "人社部发〔2024〕5号",
        "财社〔2023〕181号",
        "川办发〔2024〕34号",
        "川人社规〔2023〕15号",
        "工信厅信发〔2022〕33号",
        "皖人社发〔2023〕19号",
    ):
        assert number in numbers
    assert len(catalogue.programs) == 15


def test_headline_targets_match_the_design(catalogue):
    expected = {
        "leading_talent": ("leading_talent_new", "cumulative", 15000, date(2024, 1, 1), date(2026, 12, 1)),
        "private_enterprise_training": (
            "private_enterprise_trainees",
            "annual",
            1_000_000,
            date(2024, 1, 1),
            date(2027, 12, 1),
        ),
        "new_skilled_workers": ("skilled_workers_new", "cumulative", 40_000_000, date(2021, 1, 1), date(2025, 12, 1)),
    }
    assert {t.id for t in catalogue.headline_targets} == set(expected)
    for target in catalogue.headline_targets:
        assert (target.indicator_id, target.kind, target.value, target.start, target.end) == expected[target.id]
        assert target.scope.kind == "national"
    assert catalogue.indicators["private_enterprise_trainees"].breakdowns == ("training_type",)


def test_every_target_is_consistent(catalogue):
    regions = default_registry()
    for target in catalogue.targets:
        indicator = catalogue.indicators[target.indicator_id]
        assert target.start <= target.end, target.id
        if target.kind in ("cumulative", "annual"):
            assert indicator.kind == "flow", target.id
        else:
            assert indicator.kind in ("stock", "ratio"), target.id
        if target.scope.kind == "region":
            assert target.scope.region_code in regions.by_code
        if indicator.unit == "%":
            assert 0 < target.value <= 100
        assert target.source_file in catalogue.programs[target.program_id].source_files


@pytest.mark.parametrize("path", sorted(DOCS.glob("0*.txt")), ids=lambda p: p.name)
def test_policy_texts_are_the_shared_copies(path):
    shared = DEFAULT_DATA_DIR.parent.parent / "shared" / "policy-docs" / path.name
    if shared.exists():
        assert path.read_bytes() == shared.read_bytes()


def test_every_quote_is_found_in_the_text_it_cites(catalogue):
    cleaned = {
        path.name: match_key(clean_policy_text(path.read_text(encoding="utf-8"))) for path in DOCS.glob("0*.txt")
    }
    for target in catalogue.targets:
        assert match_key(target.quote) in cleaned[target.source_file], f"{target.id}: quote not in {target.source_file}"


def test_cleaning_removes_the_collection_noise():
    assert clean_policy_text("技能(néng)中國行(háng / xíng)動") == "技能中国行动"
    assert clean_policy_text("0. 99万人 次") == "0.99万人次"
    assert clean_policy_text("in English text") == "in English text"


def test_a_bad_reference_names_file_and_entry(tmp_path):
    folder = tmp_path / "catalogue"
    shutil.copytree(DEFAULT_DATA_DIR / "catalogue", folder)
    text = (
        (folder / "targets.toml")
        .read_text(encoding="utf-8")
        .replace('indicator = "leading_talent_new"', 'indicator = "nope"', 1)
    )
    (folder / "targets.toml").write_text(text, encoding="utf-8")
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(folder, default_registry())
    assert (
        "leading_talent" in caught.value.text("zh")
        and "targets.toml" in caught.value.text("en")
        and "nope" in caught.value.text("en")
    )


def test_a_missing_file_is_reported(tmp_path):
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(tmp_path, default_registry())
    assert "programs.toml" in caught.value.text("zh")
