"""A province's 通报 on the published provincial figures: its own targets (本省目标), each as of its own
figure's month, early completion with the publication date, and its own targets' alerts."""

import pytest

from lib.briefing.report import build_report
from lib.core.settings import DEFAULT_DATA_DIR
from lib.progress.alerts import alerts, own_target_alerts
from lib.progress.dataview import snapshot_view
from lib.store.folder import open_data_folder


@pytest.fixture(scope="module")
def view():
    folder = open_data_folder(DEFAULT_DATA_DIR)
    return snapshot_view(folder, folder.snapshot("2026-02-26-provincial"))


def test_yunnan_report_says_its_own_targets_were_met_early_and_when_published(view):
    text = build_report(view, region="530000").text()
    # a level target in its own unit (issue #21's vocabulary), never "完成108.3%" of it
    assert "【本省目标】截至2024年5月底，云南技能人才总量为541.3万人，达到500万人的目标；提前完成" in text
    assert "108.3%" not in text
    assert "提前完成（该数字2024-05-10发布）" in text
    assert "本省自定目标2项中，红色预警0项、黄色预警0项、绿色2项。" in text
    assert "云南云南" not in text


def test_henan_report_judges_each_target_at_its_figures_date_with_its_alert(view):
    report = build_report(view, region="410000", lang="en")
    text = report.text()
    assert "[Own target] As of the end of May 2024: skilled workers (total) (Henan) stood at 18.17 million" in text
    assert "As of the end of June 2024: new skilled workers in 2024 (Henan)" in text  # the 1—6月 total
    assert "red: Henan: skilled workers (total)" in text
    own = {a.target_id: a for a in own_target_alerts(view, "410000")}
    assert own["henan_skilled_total_2025"].colour == "red" and own["henan_new_skilled_2024"].colour == "green"
    # the catalogue's alerts are unchanged by the provinces' own targets
    assert not {a.target_id for a in alerts(view)} & set(own)


def test_the_national_report_does_not_count_own_targets(view):
    text = build_report(view).text()
    assert "本省目标" not in text
