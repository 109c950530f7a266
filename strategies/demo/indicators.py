"""Demo content: indicators on the demo plan's goals, some kept by hand (2020–2026), some fed from the portal."""

import datetime
from decimal import Decimal

from strategies.models import Goal, Indicator, IndicatorValue, Plan

MANUAL = [
    # name, unit, baseline, target, target year, values 2020–2026
    (
        "Arbeidsplasser i regionen",
        "arbeidsplasser",
        108500,
        118000,
        2030,
        [108500, 107900, 110200, 111600, 112300, 113100, 113800],
    ),
    (
        "Andel kommunale innkjøp fra lokale leverandører",
        "%",
        18,
        30,
        2030,
        [18, 19.5, 21, 22.5, 22, 24.5, 26],
    ),
    ("Antall nettverk og klynger", "nettverk", 4, 10, 2030, [4, 4, 5, 6, 7, 7, 8]),
    ("Gjestedøgn i regionen", "gjestedøgn", 910000, 1200000, 2030, [910000, 640000, 760000, 980000, 1040000, 1085000, 1110000]),
]
AUTOMATIC = [
    ("Registrerte aktive virksomheter", "virksomheter", Indicator.Source.REGISTERED_BUSINESSES, ""),
    ("Nyregistreringer i år", "virksomheter", Indicator.Source.NEW_REGISTRATIONS, ""),
    ("Konkurser i år", "konkurser", Indicator.Source.BANKRUPTCIES, ""),
    ("Henvendelser besvart i år", "henvendelser", Indicator.Source.ENQUIRIES_ANSWERED, ""),
    ("Sysselsatte i overnatting og servering", "sysselsatte", Indicator.Source.SECTOR_EMPLOYEES, "I"),
]


def load(users: dict) -> dict[str, int]:
    try:
        from strategies.demo.plans import OFFICER, TITLE
    except ImportError:
        return {}
    plan = Plan.objects.filter(title=TITLE).order_by("-version").first()
    if plan is None:
        return {}
    goals = list(Goal.objects.filter(focus_area__plan=plan).order_by("focus_area__position", "focus_area_id", "position", "pk"))
    if not goals:
        return {}
    officer = users.get(OFFICER)
    specs = [("manual", spec) for spec in MANUAL] + [("automatic", spec) for spec in AUTOMATIC]
    for number, (kind, spec) in enumerate(specs):
        goal = goals[number % len(goals)]
        if kind == "manual":
            name, unit, baseline, target, target_year, values = spec
            indicator, _ = Indicator.objects.get_or_create(
                goal=goal,
                name=name,
                defaults={
                    "unit": unit,
                    "baseline": Decimal(str(baseline)),
                    "baseline_year": 2020,
                    "target": Decimal(str(target)),
                    "target_year": target_year,
                    "position": number,
                },
            )
            for year, value in zip(range(2020, 2027), values, strict=True):
                IndicatorValue.objects.get_or_create(
                    indicator=indicator,
                    period_end=datetime.date(year, 12, 31),
                    defaults={"value": Decimal(str(value)), "entered_by": officer},
                )
        else:
            name, unit, source, sector = spec
            Indicator.objects.get_or_create(
                goal=goal, name=name, defaults={"unit": unit, "source": source, "source_sector": sector, "position": number}
            )
    from strategies.services.indicators import update_indicators

    update_indicators()
    indicators = Indicator.objects.filter(goal__focus_area__plan=plan)
    return {"indicators": indicators.count(), "indicator_values": IndicatorValue.objects.filter(indicator__in=indicators).count()}
