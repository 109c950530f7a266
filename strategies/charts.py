"""Indicator charts: SVG drawn on the server by pygal, the same bytes in the page and in the PDF.

pygal (by Kozea, who also make WeasyPrint) writes plain SVG with its styles in one ``<style>``
element scoped by the chart's id. The page shows the chart as ``<img src=…/graf.svg>`` (a document of
its own, served with a CSP of its own that allows that style and no script); the PDF embeds the same
bytes as a ``data:`` URI. We take out pygal's ``<script>`` (tooltips, which we do not use) and its
dated comments, and give the chart a stable id, so the same values always give the same bytes.
"""

import hashlib
import xml.etree.ElementTree as ET
from decimal import Decimal

from django.utils import formats, translation
from django.utils.translation import gettext as _

WIDTH, HEIGHT = 640, 320
# Colours on white with at least 3:1 contrast (WCAG 1.4.11): the values 6.1:1, the baseline 7:1,
# the target 5.1:1. Baseline and target are dashed differently too, so colour is never the only cue.
VALUE_COLOUR, BASELINE_COLOUR, TARGET_COLOUR = "#0062ba", "#595959", "#1a7f37"
SVG_NS = "{http://www.w3.org/2000/svg}"
# Part of every chart's digest (its ETag and cache key): raise it when the drawing changes, so no
# browser or cache keeps an old picture.
CHART_VERSION = 2


def format_number(value) -> str:
    """A number in the active language's format ("12 500,5" in bokmål), with no trailing ",00"."""
    if value is None:
        return ""
    # pygal hands over floats (its tick positions): through str, so 0.1 stays 0.1.
    value = Decimal(str(round(value, 9))) if isinstance(value, float) else Decimal(value)
    places = 0 if value == value.to_integral_value() else max(0, -value.normalize().as_tuple().exponent)
    return formats.number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


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


def render_indicator_chart(indicator, values) -> bytes:
    """The indicator's values over time as a line, with the baseline and the target as reference lines.

    ``values`` are the indicator's IndicatorValue rows in period order. Labels and numbers follow the
    active language. Pure: the same indicator and values give the same bytes.
    """
    import pygal  # here: only the chart view and the PDF task pay for the import
    from pygal.style import Style

    values = list(values)
    digest = chart_digest(indicator, values)
    style = Style(
        background="#ffffff",
        plot_background="#ffffff",
        foreground="#1a1a1a",
        foreground_strong="#1a1a1a",
        foreground_subtle="#c9c9c9",
        colors=(VALUE_COLOUR, BASELINE_COLOUR, TARGET_COLOUR),
        font_family="DejaVu Sans, sans-serif",
        label_font_size=13,
        major_label_font_size=13,
        legend_font_size=13,
        title_font_size=14,
        value_font_size=12,
        no_data_font_size=18,
        opacity="1",
        opacity_hover="1",
        transition="none",
        # Light, solid guides, so the dashed baseline and target are the only dashed lines.
        guide_stroke_color="#d4d4d4",
        major_guide_stroke_color="#d4d4d4",
        guide_stroke_dasharray="none",
        major_guide_stroke_dasharray="none",
        stroke_width="3",
        stroke_width_hover="3",
        stroke_opacity="1",
        stroke_opacity_hover="1",
    )
    chart = pygal.Line(
        style=style,
        width=WIDTH,
        height=HEIGHT,
        explicit_size=True,
        js=[],
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
    # A stable id (pygal scopes its CSS by it): unique per chart, so many charts can share a PDF.
    chart.uuid = f"indicator-{indicator.pk}-{digest[:12]}"
    labels = [period_label(v.period_end) for v in values]
    if values:
        chart.x_labels = labels
        chart.add(_("Value"), [float(v.value) for v in values])
        count = len(values)
        if indicator.baseline is not None:
            title = _("Baseline")
            if indicator.baseline_year:
                title += f" ({indicator.baseline_year})"
            chart.add(title, [float(indicator.baseline)] * count, show_dots=False, stroke_style={"width": 3, "dasharray": "10,5"})
        if indicator.target is not None:
            title = _("Target")
            if indicator.target_year:
                title += f" ({indicator.target_year})"
            chart.add(title, [float(indicator.target)] * count, show_dots=False, stroke_style={"width": 3, "dasharray": "3,4"})
    description = chart_description(indicator, values)

    def clean(root):
        for parent in root.iter():
            for child in list(parent):
                # Comments (dated), script and the tooltips' <desc> elements: nothing the chart needs.
                if child.tag is ET.Comment or child.tag in (f"{SVG_NS}script", "script", f"{SVG_NS}desc", "desc"):
                    parent.remove(child)
                elif child.tag in (f"{SVG_NS}title", "title") and parent is not root:
                    # pygal's hover titles on dots repeat the table; leave only the chart's own title.
                    parent.remove(child)
        for child in root:
            if child.tag in (f"{SVG_NS}title", "title"):
                child.text = description
        root.set("role", "img")
        root.set("aria-label", description)
        return root

    chart.add_xml_filter(clean)
    svg = chart.render()
    return svg if isinstance(svg, bytes) else svg.encode()


def chart_data_uri(svg: bytes) -> str:
    """The chart's bytes as a ``data:`` URI for ``<img src>`` in a PDF's HTML (portal.pdf fetches only data: and file:)."""
    import base64

    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
