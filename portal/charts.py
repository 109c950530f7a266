"""The dashboard's and the Næringsrapport's charts: SVG drawn on the server by pygal (as the strategy
pages' indicator charts, ``strategies/charts.py``), the same bytes in the page and in the PDF.

A section describes a chart as data (``Chart`` with its ``Series``); ``portal/includes/chart.html``
shows the picture and, always, the same numbers in a table. Colour is never the only cue: each
series has its own fill pattern as well, and the legend and the table name them.
"""

import hashlib
from dataclasses import dataclass, field

BAR, HORIZONTAL_BAR = "bar", "horizontal_bar"


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple  # one number (or None: no value) per label


@dataclass(frozen=True)
class Chart:
    """A bar chart: ``labels`` along one axis, one bar per series at each label.

    ``key`` is unique on the page (the figure's id); ``title`` is the caption and the picture's accessible
    name; ``unit`` names what the numbers count ("businesses", "NOK"); ``links``, when given, is one URL
    per label (or None) that the table links the label to (the list behind the figure).
    """

    key: str
    title: str
    labels: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str = ""
    kind: str = BAR
    links: tuple = field(default=())

    @property
    def rows(self) -> list[dict]:
        """The table: one row per label, with its link and its value in each series."""
        links = self.links or (None,) * len(self.labels)
        return [
            {"label": label, "link": link, "values": [serie.values[index] for serie in self.series]}
            for index, (label, link) in enumerate(zip(self.labels, links, strict=True))
        ]

    def digest(self) -> str:
        """A hash of everything the picture shows: the same chart always gives the same bytes."""
        parts = [CHART_VERSION, self.kind, self.title, self.unit, self.labels, [(s.name, s.values) for s in self.series]]
        return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]

    def svg(self) -> str:
        return render_chart(self)


# Raise when the drawing changes.
CHART_VERSION = 1
WIDTH, HEIGHT = 640, 320


def render_chart(chart: Chart) -> str:
    """The chart as an SVG document (a string, to be placed inline in the page or the PDF)."""
    import pygal  # here: only pages with charts pay for the import

    kind = pygal.HorizontalBar if chart.kind == HORIZONTAL_BAR else pygal.Bar
    drawing = kind(
        width=WIDTH,
        height=HEIGHT,
        explicit_size=True,
        js=[],
        disable_xml_declaration=True,
        legend_at_bottom=True,
        truncate_label=-1,
        truncate_legend=-1,
        print_values=True,
    )
    drawing.title = chart.title
    drawing.x_labels = list(chart.labels)
    for serie in chart.series:
        drawing.add(serie.name, list(serie.values))
    svg = drawing.render()
    return svg.decode() if isinstance(svg, bytes) else svg
