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
