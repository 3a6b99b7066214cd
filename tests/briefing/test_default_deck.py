"""Presentation mode without a briefing plays a deck of its own (issue #22: it held one slide)."""

from lib.briefing.views import LAGGING, ViewSpec, default_deck, view_content


def test_the_default_deck_walks_from_the_overview_to_the_first_lagging_map(demo_view):
    deck = default_deck(demo_view, "linear")
    headline = demo_view.catalogue.headline_targets
    assert deck[0] == ViewSpec("overview")
    assert deck[1 : 1 + len(headline)] == [ViewSpec("programs", target.id) for target in headline]
    last = deck[-1]
    assert last.kind == "provinces" and demo_view.progress("linear")[last.target].status in LAGGING
    assert len(deck) == 2 + len(headline)
    for spec in deck:  # every view of it can be drawn
        assert view_content(demo_view, spec, "linear", "en").title
