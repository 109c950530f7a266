"""Benchmark: a status round's report as PDF (about 20 pages, with indicator charts), against a plain-text
PDF of the same number of pages.

    .venv/bin/python bench/status_report_pdf.py [--measures 120] [--indicators 6] [--runs 7]

It builds an adopted plan with an approved status round in a temporary SQLite database (the few
queries are not what is measured) and prints, all measured in the same run:
- the page count of the report and of the baseline;
- the times of ``render_status_report_pdf`` (queries, the charts drawn by pygal, template, WeasyPrint,
  tagged PDF/UA-1) and of WeasyPrint rendering the same text as one ``<pre>`` (the baseline), taking
  turns, so a busy machine slows all alike;
- the ratio of the report to the baseline (the median of the turns), against the target of at most 2x.
"""

import argparse
import datetime
import logging
import os
import statistics
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TARGET_RATIO = 2.0

COMMENT = (
    "Arbeidet følger planen. Det er holdt to arbeidsmøter med kommunene og næringsrådet, og et notat om "
    "videre framdrift legges fram for styringsgruppen i neste møte."
)
REASON = "Tiltaket er forsinket fordi reguleringsplanen fikk innsigelse fra fylkeskommunen; ny frist avklares."


def build_round(measures: int, indicators: int):
    from django.utils import timezone

    from portal.models import User
    from strategies.models import FocusArea, Goal, Indicator, IndicatorValue, Measure, Plan, StatusReport, StatusRound

    officer = User.objects.create_user("officer@bench.example", name="Ingrid Næringssjef")
    plan = Plan.objects.create(
        title="Strategisk næringsplan for Gardermoregionen 2026–2029",
        owner_kind=Plan.OwnerKind.REGION,
        owner_name="Gardermoregionen",
        start_year=2026,
        end_year=2029,
        state=Plan.State.ADOPTED,
        decided_by="Regionrådet",
        decided_on=datetime.date(2026, 1, 20),
        case_number="26/101",
    )
    areas = [FocusArea.objects.create(plan=plan, position=n, title=f"Satsingsområde {n}: Attraktiv region") for n in range(1, 5)]
    goals = [
        Goal.objects.create(focus_area=area, position=n, title=f"Mål {area.position}.{n}: Flere arbeidsplasser i regionen")
        for area in areas
        for n in range(1, 4)
    ]
    rows = Measure.objects.bulk_create(
        Measure(
            goal=goals[n % len(goals)],
            position=n,
            code=f"{goals[n % len(goals)].focus_area.position}.{n}",
            title=f"Tiltak {n}: Samarbeid om næringsareal, kompetanse og rekruttering",
            responsible_kind="municipality",
            responsible_name="Næringsavdelingen",
            state="delayed" if n % 10 == 0 else "in_progress",
            progress=n % 100,
            state_reason=REASON if n % 10 == 0 else "",
        )
        for n in range(1, measures + 1)
    )
    status_round = StatusRound.objects.create(
        plan=plan,
        title="2. tertial 2026",
        period_end=datetime.date(2026, 8, 31),
        deadline=timezone.now(),
        opened_by=officer,
        state=StatusRound.State.APPROVED,
        approved_by=officer,
        approved_at=timezone.now(),
    )
    now = timezone.now()
    StatusReport.objects.bulk_create(
        StatusReport(
            status_round=status_round,
            measure=measure,
            reporter=officer,
            state=measure.state,
            progress=measure.progress,
            comment=REASON if measure.state == "delayed" else COMMENT,
            submitted_at=now,
            submitted_by=officer,
        )
        for measure in rows
    )
    for n in range(indicators):
        indicator = Indicator.objects.create(
            goal=goals[n % len(goals)],
            name=f"Indikator {n + 1}: arbeidsplasser",
            unit="arbeidsplasser",
            baseline=Decimal(1000),
            baseline_year=2020,
            target=Decimal(1400),
            target_year=2029,
        )
        IndicatorValue.objects.bulk_create(
            IndicatorValue(
                indicator=indicator, period_end=datetime.date(year, 12, 31), value=Decimal(1000 + 40 * (year - 2020) + n)
            )
            for year in range(2020, 2026)
        )
    return status_round


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--measures", type=int, default=120, help="measures in the round (120 give about 20 pages)")
    parser.add_argument("--indicators", type=int, default=6)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    workdir = tempfile.TemporaryDirectory(prefix="bench-status-report-")
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
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    from django.core.management import call_command
    from weasyprint import HTML

    from bench.meeting_pdf import interleaved, page_count, plain_text_html, plain_text_lines
    from portal.pdf import html_to_pdf
    from strategies.services.reports import render_status_report_pdf, status_report_html

    call_command("migrate", verbosity=0)
    status_round = build_round(args.measures, args.indicators)

    report = render_status_report_pdf(status_round)
    pages = page_count(report)
    lines = plain_text_lines(report, pages)
    plain_html = plain_text_html(lines)
    plain_pages = page_count(HTML(string=plain_html).write_pdf())
    print(
        f"status report: {pages} pages ({args.measures} measures and reports, {args.indicators} indicators with charts; "
        f"HTML {len(status_report_html(status_round)) / 1024:.0f} kB, PDF {len(report) / 1024:.0f} kB)"
    )
    print(f"plain text: {plain_pages} pages (one <pre> of the report's own text, {len(lines)} lines)")

    times = interleaved(
        {
            "render_status_report_pdf": lambda: render_status_report_pdf(status_round),
            "plain text, WeasyPrint defaults": lambda: HTML(string=plain_html).write_pdf(),
            "plain text, tagged PDF/UA-1 like the report": lambda: html_to_pdf(plain_html),
        },
        args.runs,
    )
    for name, runs in times.items():
        print(f"{name}: median {statistics.median(runs):.2f} s ({', '.join(f'{t:.2f}' for t in runs)})")
    turns = zip(times["render_status_report_pdf"], times["plain text, WeasyPrint defaults"], strict=True)
    ratio = statistics.median(report_time / plain_time for report_time, plain_time in turns)
    verdict = "within" if ratio <= TARGET_RATIO else "OVER"
    print(f"ratio: {ratio:.2f}x the plain-text PDF, median of the turns ({verdict} the target of at most {TARGET_RATIO:.0f}x)")
    workdir.cleanup()


if __name__ == "__main__":
    main()
