"""The dashboard's bar charts (portal.charts): the same chart gives the same bytes, drawn without a
stylesheet or script, named for screen readers, told apart by fill as well as colour, with the numbers
in a table beside them in the reader's language, and drawn by pygal only once per chart and language."""

import datetime
import hashlib
import xml.etree.ElementTree as ET
from decimal import Decimal
from types import SimpleNamespace
from unittest import mock

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from portal import charts
from portal.charts import BAR, HORIZONTAL_BAR, LOOKS, Chart, Series

SVG = "{http://www.w3.org/2000/svg}"


def sample(**changes) -> Chart:
    fields = {
        "key": "registrations",
        "title": "New registrations per sector",
        "labels": ("Retail", "Construction", "Health"),
        "series": (Series("2026", (12500, 987, None)), Series("2025", (11000, 1200, 40)), Series("Average", (9000, 1000, 50))),
        "unit": "businesses",
        "links": ("/bedrifter/?sektor=G", None, "/bedrifter/?sektor=Q"),
    }
    return Chart(**{**fields, **changes})


def parse(svg: str):
    return ET.fromstring(svg)


def texts(root) -> list[str]:
    return [element.text for element in root.iter(f"{SVG}text")]


def series_fills(root) -> list[tuple[str, str, str]]:
    """(fill, stroke, stroke-width) of each group of bars, in the order drawn."""
    return [
        (group.get("fill"), group.get("stroke"), group.get("stroke-width"))
        for group in root.iter(f"{SVG}g")
        if group.get("fill", "").startswith(("#0062ba", "url(", "#fde3c0"))
    ]


def test_the_same_chart_gives_the_same_bytes():
    with translation.override("nb"):
        first = charts.draw_chart(sample())
        second = charts.draw_chart(sample())
    assert first == second
    assert sample().digest() == sample().digest()
    # Nothing that differs from one drawing to the next: no date, no random id.
    assert "pygal" not in first.lower()
    assert "<!--" not in first


def test_the_digest_changes_with_what_the_picture_shows():
    digests = {
        sample().digest(),
        sample(title="Another title").digest(),
        sample(labels=("Retail", "Construction", "Care")).digest(),
        sample(series=(Series("2026", (12500, 988, None)),)).digest(),
        sample(kind=HORIZONTAL_BAR).digest(),
        sample(key="other").digest(),
    }
    assert len(digests) == 6
    # The links are not in the picture (only in the table).
    assert sample(links=()).digest() == sample().digest()


@pytest.mark.parametrize("kind", [BAR, HORIZONTAL_BAR])
def test_the_svg_has_no_stylesheet_script_or_classes_and_is_named_by_its_title(kind):
    with translation.override("en"):
        svg = charts.draw_chart(sample(kind=kind))
    for absent in ("<style", "<script", "<desc", "class=", "tooltip", "<!--", "xlink"):
        assert absent not in svg
    root = parse(svg)
    assert root.get("role") == "img"
    assert root.get("aria-label") == "New registrations per sector"
    assert root[0].tag == f"{SVG}title" and root[0].text == "New registrations per sector"
    assert root.get("font-family") == "DejaVu Sans, sans-serif"
    assert [element.text for element in root.iter(f"{SVG}title")] == ["New registrations per sector"]
    # The only ids are the chart's own, so that several charts can stand inline in one page.
    assert [element.get("id") for element in root.iter() if element.get("id")] == ["chart-registrations-hatch"]


def test_each_series_has_its_own_fill_and_the_legend_shows_it():
    with translation.override("en"):
        root = parse(charts.draw_chart(sample()))
    solid = ("#0062ba", "#0062ba", "1")
    hatch = ("url(#chart-registrations-hatch)", "#1a7f37", "2")
    light = ("#fde3c0", "#a14d00", "2")
    assert series_fills(root) == [solid, hatch, light]
    legend_boxes = [
        (rect.get("fill"), rect.get("stroke"), rect.get("stroke-width"))
        for rect in root.iter(f"{SVG}rect")
        if rect.get("width") == "14" and rect.get("height") == "14"
    ]
    assert legend_boxes == [solid, hatch, light]
    pattern = root.find(f"{SVG}defs/{SVG}pattern")
    assert pattern.get("id") == "chart-registrations-hatch"
    assert pattern.get("patternTransform") == "rotate(45)"
    assert [(rect.get("width"), rect.get("fill")) for rect in pattern] == [("8", "#ffffff"), ("4", "#1a7f37")]
    legend = [text for text in texts(root) if text in ("2026", "2025", "Average")]
    assert legend == ["2026", "2025", "Average"]


def test_the_looks_have_enough_contrast_on_white():
    def luminance(colour):
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    ratios = [round(1.05 / (luminance(look.outline) + 0.05), 1) for look in LOOKS]
    assert ratios == [6.1, 5.1, 5.9]
    assert [look.name for look in LOOKS] == ["solid", "hatch", "light"]


def test_a_single_series_needs_no_pattern():
    chart = sample(series=(Series("2026", (3, 4, 5)),))
    with translation.override("en"):
        svg = charts.draw_chart(chart)
    assert "<defs" not in svg and "<pattern" not in svg


def test_values_are_printed_at_the_bars_where_they_fit_in_the_active_language():
    chart = sample(series=(Series("2026", (12500, 987, 0)),))
    with translation.override("nb"):
        nb = texts(parse(charts.draw_chart(chart)))
    with translation.override("en"):
        en = texts(parse(charts.draw_chart(chart)))
    # The value axis' ticks, the labels, the values at their bars (the 0 too), the unit, the legend.
    ticks = ["0", "5\xa0000", "10\xa0000", "15\xa0000"]
    assert nb == [*ticks, "Retail", "Construction", "Health", "12\xa0500", "987", "0", "businesses", "2026"]
    assert en == [
        "0",
        "5,000",
        "10,000",
        "15,000",
        "Retail",
        "Construction",
        "Health",
        "12,500",
        "987",
        "0",
        "businesses",
        "2026",
    ]


def test_values_that_do_not_fit_their_bar_are_left_to_the_table():
    months = tuple(f"{month:02d}" for month in range(1, 13))
    chart = Chart(
        "narrow", "Enquiries", months, (Series("2026", (12345,) * 12), Series("2025", (23456,) * 12), Series("2024", (1,) * 12))
    )
    with translation.override("nb"):
        root = parse(charts.draw_chart(chart))
    assert "12\xa0345" not in texts(root) and "23\xa0456" not in texts(root)
    assert texts(root).count("1") == 12  # a short value fits above even a narrow bar


def test_horizontal_bars_run_from_the_top_in_the_order_given_and_long_labels_are_shortened():
    chart = sample(
        kind=HORIZONTAL_BAR,
        labels=("Faglig, vitenskapelig og teknisk tjenesteyting", "Construction", "Health"),
    )
    with translation.override("en"):
        root = parse(charts.draw_chart(chart))
    wanted = ("Faglig, vitenskapelig og te…", "Construction", "Health")
    positions = {element.text: float(element.get("y")) for element in root.iter(f"{SVG}text") if element.text in wanted}
    assert sorted(positions, key=positions.get) == list(wanted)
    values = [text for text in texts(root) if text in ("12,500", "987", "11,000", "1,200", "40", "9,000", "1,000", "50")]
    assert sorted(values) == sorted(["12,500", "987", "11,000", "1,200", "40", "9,000", "1,000", "50"])


def test_a_bar_of_0_has_its_value_too():
    chart = sample(kind=HORIZONTAL_BAR, series=(Series("2026", (0, 1, 0)),))
    with translation.override("en"):
        root = parse(charts.draw_chart(chart))
    assert [text for text in texts(root) if text in ("0", "1")] == ["0", "1", "0", "1", "0"]  # the ticks, then the bars


def test_a_chart_without_data_says_so():
    empty = Chart("empty", "Enquiries by topic", (), ())
    unanswered = Chart("none", "Median days", ("Permits", "Premises"), (Series("2026", (None, None)),))
    zeros = Chart("zeros", "Bankruptcies", ("Jan", "Feb"), (Series("2026", (0, 0)),))
    with translation.override("en"):
        drawn = {chart.key: parse(charts.draw_chart(chart)) for chart in (empty, unanswered, zeros)}
    assert texts(drawn["empty"]) == ["No data"]
    assert texts(drawn["none"]) == ["No data"]
    assert texts(drawn["zeros"]) == ["Every value is 0"]
    assert drawn["empty"].get("aria-label") == "Enquiries by topic"
    assert drawn["empty"].find(f"{SVG}title").text == "Enquiries by topic"
    with translation.override("nb"):
        assert texts(parse(charts.draw_chart(empty))) == ["Ingen data"]
        html = render_to_string("portal/includes/chart.html", {"chart": empty})
    assert '<tr><td colspan="1">Ingen data</td></tr>' in html


def test_a_chart_that_cannot_be_drawn_is_refused_where_it_is_made():
    with pytest.raises(ValueError, match="at most 3 series"):
        sample(series=(*sample().series, Series("More", (1, 2, 3))))
    with pytest.raises(ValueError, match="has 2 values for 3 labels"):
        sample(series=(Series("2026", (1, 2)),))
    with pytest.raises(ValueError, match="has 2 links for 3 labels"):
        sample(links=("/a/", "/b/"))
    with pytest.raises(ValueError, match="Unknown chart kind 'pie'"):
        sample(kind="pie")


def test_the_table_has_the_numbers_in_the_active_language_and_links_the_labels():
    chart = sample()
    with translation.override("nb"):
        html = render_to_string("portal/includes/chart.html", {"chart": chart})
        assert chart.svg() in html
    assert '<figure class="chart" id="chart-registrations" aria-labelledby="chart-registrations-caption">' in html
    assert (
        '<caption class="visually-hidden" id="chart-registrations-table">New registrations per sector (businesses)</caption>'
        in html
    )
    assert (
        '<thead><tr><th scope="col">Kategori</th><th scope="col" class="num">2026</th><th scope="col" class="num">2025</th>'
        '<th scope="col" class="num">Average</th></tr></thead>'
    ) in html
    assert (
        '<tr><th scope="row"><a class="ds-link" href="/bedrifter/?sektor=G">Retail</a></th>'
        '<td class="num">12\xa0500</td><td class="num">11\xa0000</td><td class="num">9\xa0000</td></tr>'
    ) in html
    assert (
        '<tr><th scope="row">Construction</th><td class="num">987</td>'
        '<td class="num">1\xa0200</td><td class="num">1\xa0000</td></tr>'
    ) in html
    assert '<td class="num">–</td><td class="num">40</td>' in html  # no value is a dash, not 0
    with translation.override("en"):
        english = render_to_string("portal/includes/chart.html", {"chart": chart})
    assert '<td class="num">12,500</td><td class="num">11,000</td><td class="num">9,000</td>' in english
    assert '<th scope="col">Category</th>' in english


def test_the_report_shows_no_links():
    with translation.override("en"):
        html = render_to_string("portal/includes/chart.html", {"chart": sample(), "pdf": True})
    assert "<a " not in html
    assert '<tr><th scope="row">Retail</th>' in html


def test_the_label_column_can_be_named():
    with translation.override("en"):
        html = render_to_string("portal/includes/chart.html", {"chart": sample(label_heading="Sector")})
    assert '<th scope="col">Sector</th>' in html


def test_rows_give_the_values_and_their_text():
    with translation.override("nb"):
        rows = sample(series=(Series("2026", (Decimal("12500.50"), 0.1, None)),)).rows
    assert rows == [
        {"label": "Retail", "link": "/bedrifter/?sektor=G", "values": [Decimal("12500.50")], "cells": ["12\xa0500,5"]},
        {"label": "Construction", "link": None, "values": [0.1], "cells": ["0,1"]},
        {"label": "Health", "link": "/bedrifter/?sektor=Q", "values": [None], "cells": [""]},
    ]


def test_a_drawn_chart_comes_from_the_cache_without_pygal():
    chart = sample()
    with translation.override("nb"):
        first = chart.svg()
        with (
            mock.patch("pygal.Bar.render", side_effect=AssertionError("pygal was called")) as bar,
            mock.patch("pygal.HorizontalBar.render", side_effect=AssertionError("pygal was called")),
        ):
            again = sample().svg()
        assert again == first
        assert bar.call_count == 0
    # Another language is another drawing (its numbers differ) ...
    with translation.override("en"):
        english = chart.svg()
    assert english != first and "12,500" in english
    # ... and a chart that changed is drawn anew.
    with translation.override("nb"), mock.patch("portal.charts.draw_chart", return_value="<svg/>") as draw:
        assert sample(title="Changed").svg() == "<svg/>"
        assert sample().svg() == first
    assert draw.call_count == 1


def test_the_strategy_charts_use_the_same_number_format():
    from strategies import charts as strategy_charts

    assert strategy_charts.format_number is charts.format_number


def test_the_indicator_chart_keeps_its_bytes():
    """The indicator chart now draws through portal.charts' tidy; its bytes are those it had before."""
    from strategies.charts import render_indicator_chart

    indicator = SimpleNamespace(
        pk=7,
        name="Arbeidsplasser i regionen",
        unit="arbeidsplasser",
        baseline=Decimal("12000"),
        baseline_year=2020,
        target=Decimal("15000"),
        target_year=2030,
    )
    values = [
        SimpleNamespace(period_end=datetime.date(2020, 12, 31), value=Decimal("12500")),
        SimpleNamespace(period_end=datetime.date(2021, 12, 31), value=Decimal("13100.5")),
        SimpleNamespace(period_end=datetime.date(2022, 6, 30), value=Decimal("13900")),
    ]
    with translation.override("nb"):
        svg = render_indicator_chart(indicator, values)
    assert hashlib.sha256(svg).hexdigest() == "baf25732cdb977bd03eaa300b982b35a6751d1f6027649af0c3397eabb66a5b5"
