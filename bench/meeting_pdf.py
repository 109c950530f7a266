"""Benchmark: the minutes of a long meeting as PDF, against a plain-text PDF of the same number of pages.

    .venv/bin/python bench/meeting_pdf.py [--items 46] [--runs 7]

It builds a held meeting in a temporary SQLite database (the few queries are not what is measured)
whose minutes run to about 20 pages, and prints, all measured in the same run:
- the page count of the minutes and of the baseline;
- the times of ``render_minutes_pdf`` (queries, template, WeasyPrint, tagged PDF/UA-1) and of
  WeasyPrint rendering the same text as one ``<pre>`` (the baseline) with WeasyPrint's defaults
  and, for comparison, tagged like the minutes; taking turns, so a busy machine slows all alike;
- the ratio of the minutes to the baseline (the median of the turns), against the target of at most 2x.
"""

import argparse
import datetime
import gc
import io
import logging
import os
import statistics
import sys
import tempfile
import textwrap
import time
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TARGET_RATIO = 2.0

NOTES = (
    "Kommunedirektøren orienterte om status i saken og om dialogen med grunneierne og fylkeskommunen. "
    "Næringsrådet understreket behovet for forutsigbarhet for bedriftene i området, og pekte på at "
    "reguleringsarbeidet bør samordnes med arbeidet med ny kollektivløsning.\n"
    "Det ble stilt spørsmål ved tidsplanen og ved hvordan mindre bedrifter kan delta i prosessen. "
    "Administrasjonen svarte at det legges opp til to åpne møter før planforslaget sendes på høring, "
    "og at innspill kan sendes skriftlig gjennom hele perioden."
)
DECISION = (
    "Dialogmøtet tar orienteringen til etterretning. Administrasjonen legger fram en oppdatert tidsplan "
    "i neste møte, med en vurdering av hvordan mindre bedrifter kan involveres."
)


def seconds(function) -> float:
    # Each call starts from a clean heap, so none pays for collecting the garbage of the one before.
    gc.collect()
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def interleaved(functions: dict, runs: int) -> dict[str, list[float]]:
    """Each function timed ``runs`` times, taking turns, so a busy machine slows all of them alike."""
    for function in functions.values():
        function()  # warm up: fonts, templates and WeasyPrint's caches
    times = {name: [] for name in functions}
    for _ in range(runs):
        for name, function in functions.items():
            times[name].append(seconds(function))
    return times


def page_count(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def plain_text_html(lines: list[str]) -> str:
    text = escape("\n".join(lines))
    return (
        '<!DOCTYPE html><html lang="nb"><head><meta charset="utf-8"><title>Ren tekst</title>'
        '<style>@page { size: A4; margin: 24mm 18mm 20mm } pre { font: 10pt/1.4 "DejaVu Sans Mono", monospace; margin: 0 }'
        f"</style></head><body><pre>{text}</pre></body></html>"
    )


def plain_text_lines(pdf: bytes, pages: int) -> list[str]:
    """The minutes' own text, wrapped to the page width and repeated or cut to fill ``pages`` pages."""
    from pypdf import PdfReader
    from weasyprint import HTML

    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    source = [wrapped for line in text.splitlines() for wrapped in (textwrap.wrap(line, 80) or [""])]
    count = len(source)
    for _ in range(20):
        lines = [source[i % len(source)] for i in range(count)]
        rendered = len(HTML(string=plain_text_html(lines)).render().pages)
        if rendered == pages:
            return lines
        count = max(1, count + (pages - rendered) * 40)
    raise SystemExit(f"could not fit the plain text to {pages} pages")


def build_meeting(items: int):
    from meetings.models import OSLO, ActionPoint, AgendaItem, Meeting, Participant
    from portal.models import User

    organiser = User.objects.create_user("organiser@bench.example", name="Ingrid Næringssjef")
    starts_at = datetime.datetime(2027, 5, 11, 14, 0, tzinfo=OSLO)
    meeting = Meeting.objects.create(
        title="Dialogmøte næringsråd–kommunedirektør 2/2027",
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=3),
        place="Rådhuset, møterom Formannskapssalen",
        organiser=organiser,
        state=Meeting.State.HELD,
    )
    Participant.objects.bulk_create(
        Participant(meeting=meeting, email=f"deltaker{n}@bench.example", name=f"Deltaker Nummer {n}", attended=n % 5 != 0)
        for n in range(1, 19)
    )
    agenda = AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=meeting,
            position=n,
            title=f"Sak {n}: Næringsareal, samferdsel og rekruttering – oppfølging av handlingsplanen",
            notes=NOTES,
            decision=DECISION,
            internal=n % 9 == 0,
        )
        for n in range(1, items + 1)
    )
    ActionPoint.objects.bulk_create(
        ActionPoint(
            meeting=meeting,
            agenda_item=item,
            title=f"Utarbeide notat om {word} til neste møte",
            owner_name="Kari Saksbehandler",
            due_date=datetime.date(2027, 6, 1) + datetime.timedelta(days=item.position),
        )
        for item in agenda
        for word in ("tidsplan", "involvering")
    )
    return meeting


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=46, help="agenda items (46 give about 20 pages)")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    workdir = tempfile.TemporaryDirectory(prefix="bench-meeting-pdf-")
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "DATABASE_URL": f"sqlite:///{workdir.name}/bench.sqlite3",
            "PORTAL_VAR_DIR": workdir.name,
            "REDIS_URL": "",
        }
    )
    import django

    django.setup()
    # WeasyPrint logs each rendering step at INFO; the measurement is of rendering, not of logging.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    from django.core.management import call_command
    from weasyprint import HTML

    from meetings.services.pdfs import minutes_html, render_minutes_pdf
    from portal.pdf import html_to_pdf

    call_command("migrate", verbosity=0)
    meeting = build_meeting(args.items)

    minutes = render_minutes_pdf(meeting)
    pages = page_count(minutes)
    lines = plain_text_lines(minutes, pages)
    plain_html = plain_text_html(lines)
    plain_pages = page_count(HTML(string=plain_html).write_pdf())
    print(
        f"minutes: {pages} pages ({args.items} agenda items, {2 * args.items} action points, 18 participants; "
        f"HTML {len(minutes_html(meeting)) / 1024:.0f} kB, PDF {len(minutes) / 1024:.0f} kB)"
    )
    print(f"plain text: {plain_pages} pages (one <pre> of the minutes' own text, {len(lines)} lines)")

    times = interleaved(
        {
            "render_minutes_pdf": lambda: render_minutes_pdf(meeting),
            "plain text, WeasyPrint defaults": lambda: HTML(string=plain_html).write_pdf(),
            "plain text, tagged PDF/UA-1 like the minutes": lambda: html_to_pdf(plain_html),
        },
        args.runs,
    )
    for name, runs in times.items():
        print(f"{name}: median {statistics.median(runs):.2f} s ({', '.join(f'{t:.2f}' for t in runs)})")
    # The ratio of each turn: the minutes and the baseline just after them saw the same load.
    turns = zip(times["render_minutes_pdf"], times["plain text, WeasyPrint defaults"], strict=True)
    ratio = statistics.median(minutes_time / plain_time for minutes_time, plain_time in turns)
    verdict = "within" if ratio <= TARGET_RATIO else "OVER"
    print(f"ratio: {ratio:.2f}x the plain-text PDF, median of the turns ({verdict} the target of at most {TARGET_RATIO:.0f}x)")
    workdir.cleanup()


if __name__ == "__main__":
    main()
