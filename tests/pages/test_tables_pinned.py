"""Every table keeps its first column (the row's label: a province, a month, a target, a rule) in view
while a narrow screen scrolls the others sideways (issue #22: the chart data tables and the markdown
tables did; the st.dataframe tables of the monthly, admin and about pages did not)."""

import json
import re
from pathlib import Path

import pytest

from lib.views.about import status_legend
from tests.apptest import run_app

REPO = Path(__file__).resolve().parents[2]


def is_status_legend(table) -> bool:
    """The About page's status legend (AppTest gives a table no key: known by its columns)."""
    return any(list(table.value.columns) == list(status_legend(lang).columns) for lang in ("zh", "en"))


def pinned_columns(table) -> list[str]:
    config = json.loads(table.proto.columns or "{}")
    return [name for name, column in config.items() if isinstance(column, dict) and column.get("pinned")]


def unpinned(at) -> list[str]:
    """The keys of the page's tables whose first column is not pinned (those meant to pin nothing aside)."""
    found = []
    for table in at.dataframe:
        first = str(table.value.columns[0])
        if not is_status_legend(table) and first not in pinned_columns(table):  # it pins nothing (0084)
            found.append(f"{table.key}: {first!r} not pinned")
    return found


@pytest.mark.parametrize(
    ("page", "query", "least"),
    [
        ("about", {}, 5),
        ("provinces", {"region": "440000"}, 1),  # the province's monthly table
        ("targets", {}, 1),
        ("data", {}, 1),
    ],
)
def test_every_table_pins_its_first_column(page, query, least):
    at = run_app(page, **query)
    assert not at.exception
    assert len(at.dataframe) >= least, [table.key for table in at.dataframe]
    assert unpinned(at) == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_about_pages_status_legend_pins_no_column(lang):
    """Was: its first column, the status symbol, pinned as a row label would be, with a frozen divider
    after the symbol; a legend of a symbol and a few words fits a phone's width and pins nothing."""
    at = run_app("about", lang=lang)
    assert not at.exception
    legend = next(table for table in at.dataframe if is_status_legend(table))
    assert len(legend.value.columns) == 2  # a symbol and its meaning: nothing to scroll to
    assert pinned_columns(legend) == []


def test_the_admin_pages_tables_pin_their_first_column(people):
    people.be("admin")
    at = run_app("admin")
    assert not at.exception
    assert len(at.dataframe) >= 2, [table.key for table in at.dataframe]  # the role rules and the people
    assert unpinned(at) == []


def test_every_table_is_drawn_by_the_one_helper_that_pins_it():
    """A table added later is pinned too: no page or ui module calls st.dataframe but lib/ui/tables.py."""
    callers = [
        f"{path.relative_to(REPO)}:{number}"
        for path in [*(REPO / "pages").glob("*.py"), *(REPO / "lib" / "ui").glob("*.py"), REPO / "app.py"]
        if path.name != "tables.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(r"\bst\.dataframe\(", line)
    ]
    assert callers == []
