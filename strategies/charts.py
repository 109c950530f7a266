"""Indicator charts: SVG drawn on the server by pygal, the same bytes in the page and in the PDF.

pygal lays the chart out; ``portal.charts.tidy`` writes its styles as presentation attributes and leaves
out its stylesheet, script, dated comments and hover-only parts (see ``portal/charts.py``), so neither
WeasyPrint nor a browser has a stylesheet to match against every element (in a PDF with several
charts that was most of their cost), and the same values always give the same bytes. The page shows
the chart as ``<img src=…/graf.svg>``; the PDF embeds the same bytes as a ``data:`` URI.
"""

import hashlib

from django.utils import formats, translation
from django.utils.translation import gettext as _

from portal.charts import HEIGHT, WIDTH, dress, font_sizes, format_number

# Colours on white with at least 3:1 contrast (WCAG 1.4.11): the values 6.1:1, the baseline 7:1,
# the target 5.1:1. Baseline and target are dashed differently too, so colour is never the only cue.
# Text and axes and the light, solid guides are portal.charts' (so the dashed baseline and target
# are the only dashed lines).
VALUE_COLOUR, BASELINE_COLOUR, TARGET_COLOUR = "#0062ba", "#595959", "#1a7f37"
BASELINE_DASH, TARGET_DASH = "10,5", "3,4"
# Part of every chart's digest (its ETag and cache key): raise it when the drawing changes, so no
# browser or cache keeps an old picture.
CHART_VERSION = 3

__all__ = ["chart_data_uri", "chart_description", "chart_digest", "format_number", "period_label", "render_indicator_chart"]


def period_label(period_end) -> str:
    """A year-end period is its year ("2024"); any other period its end date."""
    if period_end.month == 12 and period_end.day == 31:
        return str(period_end.year)
    return formats.date_format(period_end, "SHORT_DATE_FORMAT")


def chart_digest(indicator, values) -> str:
    """A hash of everything the chart shows (and the language it speaks): the ETag and the chart's id."""
    parts = [
        CHART_VERSION,
        translation.get_language() or "",
        indicator.pk,
        indicator.name,
        indicator.unit,
        indicator.baseline,
        indicator.baseline_year,
        indicator.target,
        indicator.target_year,
        *[(v.period_end.isoformat(), str(v.value)) for v in values],
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def chart_description(indicator, values) -> str:
    """The text alternative: the indicator, its latest value and the target."""
    latest = values[-1] if values else None
    text = indicator.name
    if latest is not None:
        text += ": " + _("%(value)s %(unit)s in %(period)s") % {
            "value": format_number(latest.value),
            "unit": indicator.unit,
            "period": period_label(latest.period_end),
        }
    else:
        text += ": " + _("no values yet")
    if indicator.target is not None:
        text += ", " + _("target %(value)s %(unit)s") % {"value": format_number(indicator.target), "unit": indicator.unit}
        if indicator.target_year:
            text += " " + _("by %(year)s") % {"year": indicator.target_year}
    return text + "."


def _painter(lines):
    """How ``tidy`` styles each series: ``lines`` are the series' (colour, dash) in pygal's order."""

    def paint(element, serie, within):
        colour, dash = lines[serie]
        if "overlay" in within:  # the value's dots
            element.attrib.update({"fill": colour, "stroke": colour, "stroke-width": "1"})
        elif "legends" in within:  # the legend's square
            element.attrib.update({"fill": colour, "stroke": colour, "stroke-width": "3"})
        else:  # the line
            element.attrib.update({"fill": "none", "stroke": colour, "stroke-width": "3"})
            if dash:
                element.set("stroke-dasharray", dash)

    return paint


def render_indicator_chart(indicator, values) -> bytes:
    """The indicator's values over time as a line, with the baseline and the target as reference lines.

    ``values`` are the indicator's IndicatorValue rows in period order. Labels and numbers follow the
    active language. Pure: the same indicator and values give the same bytes.
    """
    import pygal  # here: only the chart view and the PDF task pay for the import

    values = list(values)
    digest = chart_digest(indicator, values)
    chart = pygal.Line(
        style=font_sizes(),
        width=WIDTH,
        height=HEIGHT,
        explicit_size=True,
        js=[],
        css=[],  # pygal's own sheets: tidy writes what the chart needs as attributes
        disable_xml_declaration=True,
        x_title=_("Period"),
        y_title=indicator.unit,
        value_formatter=format_number,
        formatter=format_number,
        legend_at_bottom=True,
        legend_at_bottom_columns=3,
        truncate_label=-1,
        truncate_legend=-1,
        show_minor_x_labels=True,
        dots_size=4,
        no_data_text=_("No values yet"),
        print_values=False,
        allow_interruptions=False,
    )
    # A stable id, unique per chart.
    chart.uuid = f"indicator-{indicator.pk}-{digest[:12]}"
    # Each series' colour and dash, in the order they are added: colour is never the only cue.
    lines = []
    if values:
        chart.x_labels = [period_label(v.period_end) for v in values]
        chart.add(_("Value"), [float(v.value) for v in values])
        lines.append((VALUE_COLOUR, None))
        count = len(values)
        if indicator.baseline is not None:
            title = _("Baseline")
            if indicator.baseline_year:
                title += f" ({indicator.baseline_year})"
            chart.add(title, [float(indicator.baseline)] * count, show_dots=False)
            lines.append((BASELINE_COLOUR, BASELINE_DASH))
        if indicator.target is not None:
            title = _("Target")
            if indicator.target_year:
                title += f" ({indicator.target_year})"
            chart.add(title, [float(indicator.target)] * count, show_dots=False)
            lines.append((TARGET_COLOUR, TARGET_DASH))
    description = chart_description(indicator, values)

    def clean(root):
        return dress(root, _painter(lines), description)

    chart.add_xml_filter(clean)
    svg = chart.render()
    return svg if isinstance(svg, bytes) else svg.encode()


def chart_data_uri(svg: bytes) -> str:
    """The chart's bytes as a ``data:`` URI for ``<img src>`` in a PDF's HTML (portal.pdf fetches only data: and file:)."""
    import base64

    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
