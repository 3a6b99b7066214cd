"""What the Programs page builds: group members against their own targets, contributions."""


def test_a_group_target_lists_each_member_against_its_own_target(demo_view):
    from lib.views.programs import members_table

    members = demo_view.progress("linear")["east_high_skilled_share"].members
    table = members_table(members, demo_view.store.regions, "percent", "zh")
    assert list(table.columns) == ["省份", "实际 / 最新值", "目标值", "状态"]
    assert len(table) == len(members) == 11 and table["省份"].iloc[0] == "北京"
    met = [m.status == "achieved" for m in members]
    assert [status.startswith("★") for status in table["状态"]] == met


def test_contributions_put_the_rank_group_first_most_then_least(demo_view):
    from lib.views.programs import contributions, contributions_table

    target = demo_view.catalogue.by_target["new_skilled_workers"]
    most, least = contributions(demo_view, target, "linear", "person", "en")
    table = contributions_table(most, least, "en")
    assert table.columns[0] == "Rank" and list(table.columns[1:]) == list(most.columns)
    assert (
        table.iloc[: len(most), 0].eq("Contributing most").all()
        and table.iloc[len(most) :, 0].eq("Contributing least").all()
    )


def test_a_breakdown_the_data_do_not_carry_gives_no_breakdown(demo_view):
    """subsidised_training is broken down by trainee_group only in the published figures."""
    from lib.views.programs import breakdown_frame

    target = demo_view.catalogue.by_target["sc_subsidised_training"]
    frame = breakdown_frame(demo_view, target, demo_view.progress()[target.id], "zh")
    assert frame.empty and list(frame.columns) == ["year", "category", "value"]


def test_the_programs_model_offers_programs_targets_and_years_and_draws_the_chosen_year(demo_view):
    from lib.views import programs

    choices = programs.choices(demo_view, "zh", "linear")
    annual = next(t for t in demo_view.catalogue.targets if t.id in choices.years)
    assert choices.program_of[annual.id] in choices.programs and annual.id in choices.targets[annual.program_id]
    assert choices.first_year[annual.id] in choices.years[annual.id]
    year = choices.years[annual.id][0]
    state = {"program": annual.program_id, "target": annual.id, "year": year}
    page = programs.build(demo_view, state, (), "zh", "linear")
    assert page.target is annual and page.progress.year == int(year)
    assert page.caption and page.years is not None and page.path.filename == f"path-{annual.id}"
    assert (
        programs.build(demo_view, {**state, "year": choices.first_year[annual.id]}, (), "en", "linear").caption
        != page.caption
    )


def test_the_programs_model_draws_only_the_notes_on_months_with_data(demo_view):
    from datetime import date, datetime

    from lib.store.annotations import Note
    from lib.views import programs

    target = demo_view.catalogue.by_target["new_skilled_workers"]
    state = {"program": target.program_id, "target": target.id, "year": None}
    inside = Note(
        "a", target.id, target.indicator_id, "000000", date(2024, 3, 1), "口径", "u", "甲", False, datetime(2026, 4, 1)
    )
    outside = Note(
        "b", target.id, target.indicator_id, "000000", date(2040, 1, 1), "未来", "u", "甲", False, datetime(2026, 4, 1)
    )
    page = programs.build(demo_view, state, (inside, outside), "zh", "linear")
    assert [note.id for note in page.notes] == ["a"] and date(2024, 3, 1) in page.months
    assert page.contributions and page.path is not None


def test_an_annual_targets_year_bars_say_each_status_in_the_readers_language(demo_view):
    """The chart says the status words its view model hands it (``lib.views.words.status_label``):
    charts come before views and make no words (issue #20). Failed before the view model passed
    ``status_labels`` (the chart took no such argument and made the words itself)."""
    from lib.charts.paths import annual_bars_figure
    from lib.views import programs
    from lib.views.words import status_label

    choices = programs.choices(demo_view, "zh", "linear")
    annual = next(t for t in demo_view.catalogue.targets if t.id in choices.years)
    state = {"program": annual.program_id, "target": annual.id, "year": choices.years[annual.id][0]}
    for lang in ("zh", "en"):
        years = programs.build(demo_view, state, (), lang, "linear").years
        statuses = list(years.table["status"])
        (bars,) = years.figure.data
        assert statuses and len(bars.text) == len(statuses)
        assert [text.split("<br>")[1] for text in bars.text] == [status_label(s, lang) for s in statuses]
    plain = [{"year": 2025, "actual": 10.0, "status": "achieved", "partial": False}]
    fig = annual_bars_figure(
        plain, unit="人", target_value=8.0, status_labels={"achieved": "handed"}, lang="en", title="", footer=""
    )
    assert fig.data[0].text[0].split("<br>")[1] == "handed"
