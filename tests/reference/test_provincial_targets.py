"""Each province's own targets: every sentence verbatim on its row of the reference list, every number in
its sentence, scope = that province, kept apart from the national targets — and a wrong file refused."""

import re
from pathlib import Path

import pytest

from lib.core.settings import DEFAULT_DATA_DIR
from lib.reference.provincial_targets import FILE_NAME, ProvincialTargetError, load_provincial_targets
from lib.reference.regions import default_registry
from lib.store.folder import open_data_folder
from lib.store.provincial import REFERENCE

CATALOGUE = DEFAULT_DATA_DIR / "catalogue"


@pytest.fixture(scope="module")
def folder():
    return open_data_folder(DEFAULT_DATA_DIR)


def test_every_target_is_its_documents_sentence_on_its_row(folder):
    rows = {
        int(m.group(1)): line
        for line in REFERENCE.read_text(encoding="utf-8").splitlines()
        if (m := re.match(r"\| (\d+) \|", line))
    }
    provincial = folder.catalogue.provincial
    assert len(provincial) >= 30
    for item in provincial:
        document = item.document
        for part in document.quote.split(" … "):
            assert part in rows[document.row], (document.id, part)
        assert item.written in document.quote, item.target.id
        assert item.target.scope.kind == "region" and item.target.scope.region_code == document.region
        assert folder.regions.by_code[document.region].short_zh in rows[document.row], document.id
    # the provinces the issue names all have their own targets
    have = {folder.regions.by_code[item.region].short_zh for item in provincial}
    assert {
        "河南",
        "云南",
        "重庆",
        "浙江",
        "海南",
        "内蒙古",
        "辽宁",
        "安徽",
        "湖北",
        "甘肃",
        "陕西",
        "黑龙江",
        "四川",
    } <= have


def test_own_targets_stay_apart_from_the_national_ones(folder):
    national = set(folder.catalogue.by_target)
    assert not national & {item.target.id for item in folder.catalogue.provincial}
    assert all(target.scope.kind != "region" or target.id in national for target in folder.catalogue.targets)
    henan = [item.target.id for item in folder.catalogue.provincial_of("410000")]
    assert "henan_skilled_total_2025" in henan and all(i.startswith("henan_") for i in henan)


def test_document_numbers_are_only_what_the_record_gives(folder):
    numbers = {item.document.id: item.document.number for item in folder.catalogue.provincial}
    assert numbers["gansu-2025-2027"] == "甘政办发〔2025〕66号"
    assert numbers["henan-renren-chizheng"] == ""  # not recorded: shown as such, never guessed
    for item in folder.catalogue.provincial:
        if item.document.number:
            assert item.document.number in REFERENCE.read_text(encoding="utf-8"), item.document.id


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('written = "技能人才总量达1950万人"', 'written = "技能人才总量达1960万人"', "not in the quote"),
        ('region = "530000"', 'region = "999999"', "unknown region"),
        (
            'read_url = "http://chnosta.com/gongzuodongtai/20220125/942.html"',
            'url = "http://chnosta.com/gongzuodongtai/20220125/942.html"',
            "never the source",
        ),
    ],
)
def test_a_wrong_entry_is_refused_naming_it(tmp_path: Path, folder, old, new, message):
    text = (CATALOGUE / FILE_NAME).read_text(encoding="utf-8")
    assert old in text
    (tmp_path / FILE_NAME).write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ProvincialTargetError, match=message):
        load_provincial_targets(tmp_path, default_registry(), folder.catalogue.indicators)
