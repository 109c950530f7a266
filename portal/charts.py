"""Charts drawn on the server by pygal: the dashboard's and the Næringsrapport's bar charts, and what
every chart shares (the strategy pages' indicator lines, ``strategies/charts.py``, build on it).

pygal (by Kozea, who also make WeasyPrint) lays the chart out; ``tidy`` then writes its styles as
presentation attributes (``fill="…"``) on the elements they style and leaves out its ``<style>`` sheet,
its ``<script>`` (tooltips, which we do not use), its dated comments and the groups and hover-only
guides the picture does not show. So neither WeasyPrint nor a browser has a stylesheet to match, and
the same chart always gives the same bytes: the same SVG inline in the page and in the PDF.

A dashboard section describes a chart as data (``Chart`` with its ``Series``);
``portal/includes/chart.html`` shows the picture and, always, the same numbers in a table. Colour is
never the only cue: each series has its own fill as well (solid, hatched, light with a dark outline),
and the legend shows the same fill. A rendered chart is kept in the cache under its digest and the
language, so a page view pays pygal only for a chart it has not drawn before.
"""

import hashlib
import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache
from django.utils import formats, translation
from django.utils.translation import gettext as _

BAR, HORIZONTAL_BAR = "bar", "horizontal_bar"
WIDTH, HEIGHT = 640, 320
# Text and axes; the light, solid guides.
FOREGROUND, GUIDE_COLOUR = "#1a1a1a", "#d4d4d4"
FONT_FAMILY = "DejaVu Sans, sans-serif"
SVG_NS = "{http://www.w3.org/2000/svg}"
# Part of every bar chart's digest (its cache key): raise it when the drawing changes.
CHART_VERSION = 2
# A drawn chart stays in the cache this long; its key changes with anything it shows.
CACHE_SECONDS = 7 * 24 * 3600
VALUE_FONT_SIZE = 12
# The height of a chart that has only a message (no data) to show.
MESSAGE_HEIGHT = 80


@dataclass(frozen=True)
class Look:
    """How one series' bars are filled. Each outline has at least 3:1 contrast on white (WCAG 1.4.11)."""

    name: str  # the fill's kind, also part of the hatch pattern's id
    outline: str
    fill: str  # a colour, or "" for the hatch pattern in the outline's colour
    outline_width: str


# Up to three series, each told apart by its fill as well as its colour: solid blue (6.1:1), green
# hatching with a green outline (5.1:1), light orange with a dark orange outline (5.9:1).
LOOKS = (
    Look("solid", "#0062ba", "#0062ba", "1"),
    Look("hatch", "#1a7f37", "", "2"),
    Look("light", "#a14d00", "#fde3c0", "2"),
)


def format_number(value) -> str:
    """A number in the active language's format ("12 500,5" in bokmål), with no trailing ",00"."""
    if value is None:
        return ""
    # pygal hands over floats (its tick positions): through str, so 0.1 stays 0.1.
    value = Decimal(str(round(value, 9))) if isinstance(value, float) else Decimal(value)
    places = 0 if value == value.to_integral_value() else max(0, -value.normalize().as_tuple().exponent)
    return formats.number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple  # one number (or None: no value) per label


@dataclass(frozen=True)
class Chart:
    """A bar chart: ``labels`` along one axis, one bar per series (at most three) at each label.

    ``key`` is unique on the page (the figure's id); ``title`` is the caption and the picture's accessible
    name; ``unit`` names what the numbers count ("businesses", "NOK"); ``links``, when given, is one URL
    per label (or None) that the table links the label to (the list behind the figure);
    ``label_heading`` heads the table's column of labels ("Month", "Sector").
    """

    key: str
    title: str
    labels: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str = ""
    kind: str = BAR
    links: tuple = field(default=())
    label_heading: str = ""

    def __post_init__(self):
        # A mistake in a section is found where the chart is made, not as a broken picture.
        if self.kind not in (BAR, HORIZONTAL_BAR):
            raise ValueError(f"Unknown chart kind {self.kind!r}.")
        if len(self.series) > len(LOOKS):
            raise ValueError(
                f"A chart shows at most {len(LOOKS)} series, each with its own fill; {self.key!r} has {len(self.series)}."
            )
        for serie in self.series:
            if len(serie.values) != len(self.labels):
                raise ValueError(
                    f"Series {serie.name!r} of {self.key!r} has {len(serie.values)} values for {len(self.labels)} labels."
                )
        if self.links and len(self.links) != len(self.labels):
            raise ValueError(f"{self.key!r} has {len(self.links)} links for {len(self.labels)} labels.")

    @property
    def rows(self) -> list[dict]:
        """The table: one row per label, with its link, its value in each series and that value as text."""
        links = self.links or (None,) * len(self.labels)
        rows = []
        for index, (label, link) in enumerate(zip(self.labels, links, strict=True)):
            values = [serie.values[index] for serie in self.series]
            rows.append({"label": label, "link": link, "values": values, "cells": [format_number(v) for v in values]})
        return rows

    @property
    def is_empty(self) -> bool:
        return all(value is None for serie in self.series for value in serie.values)

    def digest(self) -> str:
        """A hash of everything the picture shows: the same chart always gives the same bytes."""
        parts = [
            CHART_VERSION,
            self.key,  # the hatch pattern's id
            self.kind,
            self.title,
            self.unit,
            self.labels,
            [(s.name, tuple(None if v is None else str(v) for v in s.values)) for s in self.series],
        ]
        return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]

    def svg(self) -> str:
        return render_chart(self)


# --- What every chart shares ------------------------------------------------------------------


def _local_name(element) -> str | None:
    # pygal's tags come without the namespace; a comment's tag is not a string.
    return element.tag.rpartition("}")[2] if isinstance(element.tag, str) else None


def tidy(element, paint, within=frozenset()) -> list:
    """pygal's element with its CSS as presentation attributes, or what takes its place in its parent:
    nothing for what the picture does not show, the children of a group that only grouped them.

    ``paint(element, serie, within)`` styles an element of the series numbered ``serie`` (the series'
    groups and the legend's boxes); ``within`` holds the classes of the element's ancestors."""
    tag = _local_name(element)
    classes = set(element.attrib.pop("class", "").split())
    element.attrib.pop("id", None)
    # Comments (dated), the stylesheet, script, hover titles and tooltips, the plot's second white
    # background, and the guides of an axis that pygal's CSS shows only on hover.
    if (
        tag in (None, "defs", "script", "desc", "title")
        or "tooltip-overlay" in classes
        or ("background" in classes and "plot" in within)
        or ("guide" in classes and "axis" in within and "always_show" not in within)
    ):
        return []
    serie = next((int(name[6:]) for name in classes if name.startswith("color-")), None)
    if "axis" in classes:
        element.set("text-anchor", "middle" if "x" in classes else "end")
    elif "background" in classes:
        element.set("fill", "#ffffff")
    elif tag == "path" and "axis" in within:
        element.set("stroke", GUIDE_COLOUR if "guide" in classes else FOREGROUND)
    elif tag == "text" and "axis" in within and "transform" in element.attrib:
        # A rotated label hangs from its tick.
        element.set("text-anchor", "end" if "backwards" in classes else "start")
    elif "titles" in classes:
        element.attrib.update({"text-anchor": "middle", "font-size": "14"})
    elif "no_data" in classes:
        element.attrib.update({"text-anchor": "middle", "font-size": "18"})
    elif serie is not None:
        paint(element, serie, within)
    children = [kept for child in list(element) for kept in tidy(child, paint, within | classes)]
    element[:] = children
    if tag == "g" and not (children and element.attrib):
        return children  # an empty group, or one without attributes of its own
    return [element]


def dress(root, paint, description: str):
    """The whole picture tidied, named by ``description`` (its ``<title>`` and ``aria-label``), in the portal's font."""
    title = next(child for child in root if child.tag in (f"{SVG_NS}title", "title"))
    root[:] = [kept for child in list(root) for kept in tidy(child, paint)]
    title.text = description
    root.insert(0, title)  # the chart's own title, its accessible name
    root.attrib.pop("class", None)
    root.attrib.update(
        {"role": "img", "aria-label": description, "font-family": FONT_FAMILY, "font-size": "13", "fill": FOREGROUND}
    )
    return root


def font_sizes():
    """pygal's style: only the font sizes count (pygal lays the labels out by them); the colours are set by ``tidy``."""
    from pygal.style import Style

    return Style(
        label_font_size=13,
        major_label_font_size=13,
        legend_font_size=13,
        title_font_size=14,
        value_font_size=12,
        no_data_font_size=18,
    )


# --- Bar charts -------------------------------------------------------------------------------


def render_chart(chart: Chart) -> str:
    """The chart as an SVG document (a string, to be placed inline in the page or the PDF), from the
    cache when this chart was drawn before in the active language."""
    key = f"portal.chart:{chart.digest()}:{translation.get_language() or ''}"
    svg = cache.get(key)
    if svg is None:
        svg = draw_chart(chart)
        cache.set(key, svg, CACHE_SECONDS)
    return svg


def _text_width(text: str, size: int) -> float:
    """About how wide ``text`` is in DejaVu Sans (a little wider rather than narrower)."""
    return size * sum(_CHAR_WIDTHS.get(char, 0.72 if char.isupper() else 0.64) for char in text)


# DejaVu Sans' narrow characters, in em; digits are 0.64, most lower-case letters about 0.6, capitals up to 0.8.
_CHAR_WIDTHS = {
    " ": 0.32,
    "\xa0": 0.32,
    ",": 0.32,
    ".": 0.32,
    ":": 0.34,
    "-": 0.36,
    "i": 0.28,
    "l": 0.28,
    "j": 0.28,
    "f": 0.35,
    "t": 0.39,
    "r": 0.41,
}


def _ticks(low: float, high: float, count: int = 6, *, whole: bool = False) -> list[float]:
    """Round steps (1, 2 or 5 times a power of ten; whole ones for counts) from ``low`` to ``high``,
    at most ``count`` + 1 of them."""
    span = high - low
    exponent = math.floor(math.log10(span / count))
    if whole:
        exponent = max(exponent, 0)
    for multiple in (1, 2, 5, 10):
        step = Decimal(multiple).scaleb(exponent)
        if span / float(step) <= count:
            break
    first = math.floor(Decimal(repr(low)) / step)
    last = math.ceil(Decimal(repr(high)) / step)
    return [float(step * index) for index in range(first, last + 1)]


def _shortened(label: str, length: int = 28) -> str:
    return label if len(label) <= length else label[: length - 1].rstrip() + "…"


def _value_labels(root, drawn: list[list], horizontal: bool):
    """A group of the values as text at the end of their bars, for each bar that has room for it
    (the table under the chart has every value)."""
    plot = next(group for group in root.iter() if _local_name(group) == "g" and group.get("class") == "plot")
    background = next(rect for rect in plot if "background" in rect.get("class", ""))
    plot_width, plot_height = float(background.get("width")), float(background.get("height"))
    labels = root.makeelement("g", {"fill": FOREGROUND, "font-size": str(VALUE_FONT_SIZE)})
    for series_group in plot:
        classes = series_group.get("class", "").split()
        serie = next((int(name[6:]) for name in classes if name.startswith("serie-")), None)
        if serie is None:
            continue
        rects = [rect for rect in series_group.iter() if "rect" in rect.get("class", "").split()]
        values = [value for value in drawn[serie] if value is not None]
        for rect, value in zip(rects, values, strict=True):
            # pygal leaves out an attribute that is 0 (a bar of 0 has no width or height).
            x, y, width, height = (float(rect.get(name) or 0) for name in ("x", "y", "width", "height"))
            text = format_number(value)
            text_width = _text_width(text, VALUE_FONT_SIZE)
            if horizontal:
                if height < VALUE_FONT_SIZE:
                    continue
                middle = y + height / 2 + VALUE_FONT_SIZE * 0.35
                if value >= 0 and x + width + 4 + text_width <= plot_width:
                    attrs = {"x": f"{x + width + 4:.2f}", "y": f"{middle:.2f}", "text-anchor": "start"}
                elif value < 0 and x - 4 - text_width >= 0:
                    attrs = {"x": f"{x - 4:.2f}", "y": f"{middle:.2f}", "text-anchor": "end"}
                else:
                    continue
            else:
                if text_width > width + 4:
                    continue
                centre = f"{x + width / 2:.2f}"
                if value >= 0 and y - 4 - VALUE_FONT_SIZE >= 0:
                    attrs = {"x": centre, "y": f"{y - 4:.2f}", "text-anchor": "middle"}
                elif value < 0 and y + height + 4 + VALUE_FONT_SIZE <= plot_height:
                    attrs = {"x": centre, "y": f"{y + height + 4 + VALUE_FONT_SIZE * 0.8:.2f}", "text-anchor": "middle"}
                else:
                    continue
            label = labels.makeelement("text", attrs)
            label.text = text
            labels.append(label)
    if len(labels):
        plot.append(labels)


def _patterns(root, key: str):
    """The hatch pattern the second series is filled with, in ``<defs>`` after the title."""
    look = LOOKS[1]
    defs = root.makeelement("defs", {})
    pattern = defs.makeelement(
        "pattern",
        {
            "id": _pattern_id(key, look),
            "width": "8",
            "height": "8",
            "patternUnits": "userSpaceOnUse",
            "patternTransform": "rotate(45)",
        },
    )
    pattern.append(pattern.makeelement("rect", {"width": "8", "height": "8", "fill": "#ffffff"}))
    pattern.append(pattern.makeelement("rect", {"width": "4", "height": "8", "fill": look.outline}))
    defs.append(pattern)
    root.insert(1, defs)


def _pattern_id(key: str, look: Look) -> str:
    return f"chart-{key}-{look.name}"


def _message_svg(title: str, message: str) -> str:
    """A chart with no bars to draw: its title and a short message in place of the picture."""
    from xml.etree import ElementTree

    root = ElementTree.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "viewBox": f"0 0 {WIDTH} {MESSAGE_HEIGHT}",
            "width": str(WIDTH),
            "height": str(MESSAGE_HEIGHT),
            "role": "img",
            "aria-label": title,
            "font-family": FONT_FAMILY,
            "font-size": "13",
            "fill": FOREGROUND,
        },
    )
    ElementTree.SubElement(root, "title").text = title
    ElementTree.SubElement(root, "rect", {"width": str(WIDTH), "height": str(MESSAGE_HEIGHT), "fill": "#ffffff"})
    text = {"x": str(WIDTH // 2), "y": str(MESSAGE_HEIGHT // 2 + 6), "text-anchor": "middle", "font-size": "18"}
    ElementTree.SubElement(root, "text", text).text = message
    return ElementTree.tostring(root, encoding="unicode")


def draw_chart(chart: Chart) -> str:
    """The chart drawn by pygal and tidied (``render_chart`` keeps it in the cache). Labels and numbers
    follow the active language. Pure: the same chart gives the same string."""
    given = [value for serie in chart.series for value in serie.values if value is not None]
    numbers = [float(value) for value in given]
    if not numbers:
        return _message_svg(chart.title, _("No data"))
    if not any(numbers):  # pygal draws no bars of 0
        return _message_svg(chart.title, _("Every value is 0"))
    import pygal  # here: only pages with charts pay for the import

    horizontal = chart.kind == HORIZONTAL_BAR
    # Horizontal bars run from the top down in the order given: pygal draws the first label at the bottom.
    order = slice(None, None, -1) if horizontal else slice(None)
    labels = list(chart.labels)[order]
    drawn = [list(serie.values)[order] for serie in chart.series]
    # Room beyond the longest bar for its value, on round steps, as many as there is room for.
    room = 1.2 if horizontal else 1.12
    low, high = min(0.0, min(numbers) * room), max(0.0, max(numbers) * room)
    whole = all(float(value).is_integer() for value in given)  # counts: no ticks at 0,5
    if horizontal:
        # Long labels cut short (the table has them whole), and each bar thick enough for its value.
        labels = [_shortened(label) for label in labels]
        plot_width = WIDTH - 60 - max(_text_width(label, 13) for label in labels)
        widest = max(_text_width(format_number(value), 13) for value in (low, high)) + 16
        ticks = _ticks(low, high, count=max(2, min(6, int(plot_width // widest))), whole=whole)
        height = max(HEIGHT, 110 + len(labels) * (len(drawn) * 18 + 10))
        options = {"height": height, "x_title": chart.unit}
    else:
        ticks = _ticks(low, high, whole=whole)
        options = {"height": HEIGHT, "y_title": chart.unit}
        # Labels wider than their place hang slanted from their ticks instead of running into each other.
        place = (WIDTH - 80) / len(labels)
        if max(_text_width(label, 13) for label in labels) > place - 4:
            options["x_label_rotation"] = 30
    options.update(range=(ticks[0], ticks[-1]), y_labels=ticks)
    drawing = (pygal.HorizontalBar if horizontal else pygal.Bar)(
        style=font_sizes(),
        width=WIDTH,
        explicit_size=True,
        js=[],
        css=[],  # pygal's own sheets: tidy writes what the chart needs as attributes
        disable_xml_declaration=True,
        value_formatter=format_number,
        formatter=format_number,
        legend_at_bottom=True,
        legend_at_bottom_columns=len(drawn),
        legend_box_size=14,
        truncate_label=-1,
        truncate_legend=-1,
        print_values=False,  # _value_labels places them, where they fit
        **options,
    )
    drawing.uuid = chart.key  # the ids pygal makes (tidy removes them) are then the same every time
    drawing.x_labels = labels
    for serie, values in zip(chart.series, drawn, strict=True):
        drawing.add(serie.name, [None if value is None else float(value) for value in values])

    def paint(element, serie, within):
        look = LOOKS[serie]
        fill = look.fill or f"url(#{_pattern_id(chart.key, look)})"
        element.attrib.update({"fill": fill, "stroke": look.outline, "stroke-width": look.outline_width})

    def clean(root):
        _value_labels(root, drawn, horizontal)
        for path in root.iter("path"):
            # The line at 0 is drawn as the axis itself is (pygal's classes would give it no stroke).
            if {"axis", "major"} <= set(path.get("class", "").split()):
                path.set("class", "major line")
        dress(root, paint, chart.title)
        root.attrib.pop("id", None)
        if len(chart.series) > 1:
            _patterns(root, chart.key)
        return root

    drawing.add_xml_filter(clean)
    svg = drawing.render()
    return svg.decode() if isinstance(svg, bytes) else svg
