"""Every Qt model passes qtmodeltester; the item list loads lazily, a page at a time."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QTableView

from reflect.core.frameworks import load_framework
from reflect.core.model import (
    AgreedAction,
    ItemFilter,
    ItemKind,
    ProgressReview,
)
from reflect.gui.capability_panel import capability_model
from reflect.gui.models import (
    ITEM_ID_ROLE,
    SNIPPET_HTML_ROLE,
    ActionsModel,
    ItemListModel,
    ReviewsModel,
    RevisionModel,
    SearchResultsModel,
    snippet_html,
)


@pytest.fixture
def filled(journal):
    """A journal with 450 entries (more than two pages) and a few of other kinds."""
    start = datetime(2025, 1, 1, 8, 0)
    with journal.transaction():
        for n in range(450):
            journal.save(
                journal.new_item(
                    ItemKind.ENTRY,
                    f"Entry {n}",
                    body=f"shift number {n}"
                    + (" with a safeguarding concern" if n % 50 == 0 else ""),
                    date=start + timedelta(hours=n),
                    capabilities=("9",) if n % 3 == 0 else ("1.2",),
                    tags=("night",) if n % 2 else (),
                )
            )
        for n in range(5):
            journal.save(journal.new_item(ItemKind.CPD, f"Course {n}", date=start))
    return journal


def test_item_list_model_passes_the_model_tester(qtmodeltester, filled) -> None:
    model = ItemListModel(filled, ItemFilter(kinds=(ItemKind.ENTRY,)))
    qtmodeltester.check(model, force_py=True)
    # The tester stays connected: every page fetched and the final reset are checked too.
    while model.canFetchMore():
        model.fetchMore()
    model.set_filter(ItemFilter(kinds=(ItemKind.CPD,)))
    assert model.rowCount() == 5
    model.clear()


def test_item_list_loads_a_page_at_a_time(filled) -> None:
    model = ItemListModel(filled, ItemFilter(kinds=(ItemKind.ENTRY,)))
    assert model.total == 450
    assert model.rowCount() == ItemListModel.PAGE
    assert model.canFetchMore()
    assert model.index(0, 0).data() == "Entry 449", "newest first"
    model.fetchMore()
    assert model.rowCount() == 2 * ItemListModel.PAGE
    model.fetchMore()
    assert model.rowCount() == 450
    assert not model.canFetchMore()
    assert model.index(449, 0).data() == "Entry 0"
    everything = filled.list(ItemFilter(kinds=(ItemKind.ENTRY,)))
    assert [model.summary_at(r).id for r in range(450)] == [s.id for s in everything]


def test_pages_are_right_when_many_items_share_a_day(journal) -> None:
    """Later pages start from the last day loaded; a day longer than a page must still fit."""
    with journal.transaction():
        for n in range(520):
            day = datetime(2026, 3, 2 if n < 430 else 1, 8, 0) + timedelta(seconds=n)
            journal.save(journal.new_item(ItemKind.ENTRY, f"Item {n}", date=day))
    model = ItemListModel(journal, ItemFilter(date_to=date(2026, 3, 2)))
    while model.canFetchMore():
        model.fetchMore()
    assert [model.summary_at(r).id for r in range(model.rowCount())] == [
        s.id for s in journal.list(ItemFilter(date_to=date(2026, 3, 2)))
    ]
    assert model.rowCount() == 520


def test_scrolling_to_the_end_fetches_the_rest(qtbot, filled) -> None:
    model = ItemListModel(filled, ItemFilter(kinds=(ItemKind.ENTRY,)))
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(400, 300)
    view.show()
    for _ in range(10):
        view.scrollToBottom()
        qtbot.wait(5)
        if model.rowCount() == 450:
            break
    assert model.rowCount() == 450


def test_item_list_filters_combine(filled) -> None:
    model = ItemListModel(
        filled, ItemFilter(kinds=(ItemKind.ENTRY,), capability="9", tags=("night",))
    )
    assert model.total == filled.count(
        ItemFilter(kinds=(ItemKind.ENTRY,), capability="9", tags=("night",))
    )
    while model.canFetchMore():
        model.fetchMore()
    titles = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert titles and all(int(t.split()[1]) % 6 == 3 for t in titles)


def test_row_of_finds_an_item_on_a_later_page(filled) -> None:
    model = ItemListModel(filled, ItemFilter(kinds=(ItemKind.ENTRY,)))
    oldest = filled.list(ItemFilter(kinds=(ItemKind.ENTRY,)))[-1]
    assert model.row_of(oldest.id) is None
    assert model.row_of(oldest.id, fetch=True) == 449


def test_search_results_model(qtmodeltester, filled) -> None:
    model = SearchResultsModel()
    model.set_hits(filled.search("safeguarding"))
    assert model.rowCount() == 9
    qtmodeltester.check(model, force_py=True)
    html = model.index(0, 3).data(SNIPPET_HTML_ROLE)
    assert "<b>safeguarding</b>" in html
    assert "[" not in model.index(0, 3).data()
    assert isinstance(model.index(0, 0).data(ITEM_ID_ROLE), int)
    model.clear()


def test_snippet_html_escapes_the_text() -> None:
    assert snippet_html("a <b> & [risk] …") == "a &lt;b&gt; &amp; <b>risk</b> …"


def test_snippet_html_brings_the_first_word_found_forward() -> None:
    text = "…the night had been busy and the handover started late and I mentioned [risk] twice"
    shown = snippet_html(text, lead=20)
    assert shown.startswith("…") and shown.endswith("<b>risk</b> twice")
    assert len(shown) < len(snippet_html(text))


def test_revision_model(qtmodeltester, journal, clock) -> None:
    item = journal.save(journal.new_item(ItemKind.ENTRY, "v1", body="one"))
    for n in (2, 3):
        clock.advance(minutes=10)
        item = journal.save(item.__class__(**{**item.__dict__, "title": f"v{n}"}))
    model = RevisionModel(journal.revisions(item.id))
    assert model.rowCount() == 2
    assert model.index(0, 1).data() == "v2", "newest first"
    qtmodeltester.check(model, force_py=True)


def test_actions_model_edits(qtmodeltester) -> None:
    model = ActionsModel()
    model.set_actions((AgreedAction("Read policy", date(2026, 4, 1), False),))
    qtmodeltester.check(model, force_py=True)
    row = model.add()
    assert model.setData(model.index(row, ActionsModel.TEXT), "Book a visit")
    assert model.setData(model.index(row, ActionsModel.DUE), QDate(2026, 5, 2))
    assert model.setData(
        model.index(row, ActionsModel.DONE), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole
    )
    assert model.actions()[1] == AgreedAction("Book a visit", date(2026, 5, 2), True)
    model.add()  # a blank row is not an action
    assert len(model.actions()) == 2
    model.remove(0)
    assert [a.text for a in model.actions()] == ["Book a visit"]


def test_reviews_model_edits(qtmodeltester) -> None:
    model = ReviewsModel()
    model.set_reviews((ProgressReview(date(2026, 1, 5), "Started"),))
    qtmodeltester.check(model, force_py=True)
    row = model.add(date(2026, 3, 1))
    assert model.setData(model.index(row, ReviewsModel.NOTE), "Halfway")
    assert model.reviews()[1] == ProgressReview(date(2026, 3, 1), "Halfway")
    model.remove(0)
    assert model.reviews() == (ProgressReview(date(2026, 3, 1), "Halfway"),)


def test_capability_model(qtmodeltester) -> None:
    framework = load_framework()
    model = capability_model(framework)
    assert model.rowCount() == 10
    assert model.rowCount(model.index(8, 0)) == len(framework.capability(9).indicators)
    # Qt's own model hands check states back as plain ints, which only the C++ tester accepts.
    qtmodeltester.check(model)
