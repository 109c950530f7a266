"""Demo content: the strategic business plan of the Gardermoen region (Gardermoregionen), adopted by the
regional council in April 2021, with its action programme: focus areas, goals, measures with their
responsible parties, milestones and history. Written in the portal's own words, in the shape of the
region's plan (see shared/seeds/004). Safe to run again: a plan that exists is left as it is."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from businesses.models import Business, Municipality
from meetings.models import ActionPoint, Meeting
from strategies.models import FocusArea, Goal, Measure, MeasureUpdate, Milestone, Plan, ResponsibleKind

TITLE = "Strategisk næringsplan for Gardermoregionen"
# Eidsvoll, Gjerdrum, Hurdal, Nannestad, Nes, Ullensaker (numbers from 2024, businesses/data/kommuner_2024.csv).
MUNICIPALITIES = ["3240", "3230", "3242", "3238", "3228", "3209"]
OFFICER = "naeringssjef@demo.example"
COUNCIL = "naeringsrad@demo.example"

K = ResponsibleKind
S = Measure.State
D = datetime.date


def m(code, title, kind, name, *, start, deadline, budget=None, state=S.NOT_STARTED, progress=0, reason="", **extra):
    return {
        "code": code,
        "title": title,
        "responsible_kind": kind,
        "responsible_name": name,
        "start": start,
        "deadline": deadline,
        "budget": Decimal(budget) if budget is not None else None,
        "state": state,
        "progress": progress,
        "state_reason": reason,
        **extra,
    }


# (focus area, description, [(goal, [measure, ...]), ...]); a measure may have "children", "milestones",
# "partners", "reporter", "description", "businesses" (how many demo businesses to link), "meeting" (link the
# dialogue meetings and their action points), "weight", "registry_business" (the responsible party is a business).
STRUCTURE = [
    (
        "Nettverk og klynger",
        "Flere og sterkere nettverk og klynger på tvers av kommunegrensene, startet av bedriftene selv.",
        [
            (
                "Minst fem nye bedriftsnettverk eller klynger i regionen innen 2025",
                [
                    m(
                        "1.1.1",
                        "Kartlegge eksisterende nettverk og klyngeinitiativ i regionen",
                        K.ORGANISATION,
                        "Innovasjon Gardermoen",
                        start=D(2021, 5, 1),
                        deadline=D(2021, 12, 31),
                        budget=150000,
                        state=S.DONE,
                        progress=100,
                        reporter=OFFICER,
                        partners="Næringsforeningene i de seks kommunene",
                        milestones=[("Kartleggingen lagt fram for regionrådet", D(2021, 11, 30), D(2021, 11, 25))],
                    ),
                    m(
                        "1.1.2",
                        "Nettverksprogram for bedrifter innen logistikk og flyplassrelatert næring",
                        K.ORGANISATION,
                        "Innovasjon Gardermoen",
                        start=D(2022, 1, 1),
                        deadline=D(2026, 12, 31),
                        budget=1200000,
                        state=S.IN_PROGRESS,
                        progress=60,
                        reporter=COUNCIL,
                        partners="Akershus fylkeskommune\nInnovasjon Norge Oslo og Viken",
                        businesses=2,
                        meeting=True,
                        weight=2,
                        children=[
                            m(
                                "1.1.2.1",
                                "Rekruttere bedrifter til nettverket",
                                K.ORGANISATION,
                                "Innovasjon Gardermoen",
                                start=D(2022, 1, 1),
                                deadline=D(2022, 12, 31),
                                state=S.DONE,
                                progress=100,
                                reporter=COUNCIL,
                            ),
                            m(
                                "1.1.2.2",
                                "Fire nettverkssamlinger i året med felles tema",
                                K.BUSINESS,
                                "",
                                start=D(2023, 1, 1),
                                deadline=D(2026, 12, 31),
                                state=S.IN_PROGRESS,
                                progress=40,
                                reporter=COUNCIL,
                                registry_business=True,
                                weight=3,
                            ),
                        ],
                    ),
                    m(
                        "1.1.3",
                        "Søke klyngestatus i Innovasjon Norges klyngeprogram",
                        K.REGIONAL_COUNCIL,
                        "Regionrådet for Gardermoregionen",
                        start=D(2024, 1, 1),
                        deadline=D(2025, 12, 31),
                        budget=300000,
                        state=S.DELAYED,
                        progress=20,
                        reason="Søknaden er utsatt til neste utlysning fordi klyngen trenger flere medlemsbedrifter først.",
                        reporter=OFFICER,
                    ),
                ],
            ),
            (
                "Bedre samarbeid mellom kommunene og næringslivet",
                [
                    m(
                        "1.2.1",
                        "Faste dialogmøter mellom næringsrådet og kommunedirektøren",
                        K.MUNICIPALITY,
                        "Kommunedirektøren",
                        start=D(2021, 9, 1),
                        deadline=D(2030, 12, 31),
                        state=S.IN_PROGRESS,
                        progress=50,
                        reporter=OFFICER,
                        partners="Næringsrådet",
                        meeting=True,
                    ),
                    m(
                        "1.2.2",
                        "Felles næringsvennlig førstelinje i de seks kommunene",
                        K.MUNICIPALITY,
                        "Næringsavdelingene i kommunene",
                        start=D(2022, 3, 1),
                        deadline=D(2024, 6, 30),
                        budget=400000,
                        state=S.DONE,
                        progress=100,
                        reporter=OFFICER,
                    ),
                ],
            ),
        ],
    ),
    (
        "Kompetanse",
        "Arbeidslivet i regionen skal finne den kompetansen det trenger, "
        "og de som mistet jobben under pandemien skal få nye muligheter.",
        [
            (
                "Bedre samsvar mellom utdanningstilbud og næringslivets behov",
                [
                    m(
                        "2.1.1",
                        "Kompetansekartlegging i bedriftene sammen med næringsforeningene",
                        K.BUSINESS_COUNCIL,
                        "Næringsrådet",
                        start=D(2021, 9, 1),
                        deadline=D(2022, 6, 30),
                        budget=250000,
                        state=S.DONE,
                        progress=100,
                        reporter=COUNCIL,
                    ),
                    m(
                        "2.1.2",
                        "Bransjeprogram og fagskoletilbud innen logistikk og bygg",
                        K.COUNTY,
                        "Akershus fylkeskommune",
                        start=D(2022, 8, 1),
                        deadline=D(2027, 6, 30),
                        budget=2000000,
                        state=S.IN_PROGRESS,
                        progress=45,
                        reporter=OFFICER,
                        partners="Fagskolen\nNAV Øst-Viken",
                        milestones=[
                            ("Første kull tatt opp", D(2023, 8, 15), D(2023, 8, 20)),
                            ("Evaluering av første kull", D(2025, 6, 30), None),
                        ],
                    ),
                    m(
                        "2.1.3",
                        "Lærlingeløftet: flere læreplasser i private bedrifter",
                        K.BUSINESS_COUNCIL,
                        "Næringsforeningene",
                        start=D(2023, 1, 1),
                        deadline=D(2026, 12, 31),
                        state=S.DELAYED,
                        progress=30,
                        reason="Færre bedrifter enn ventet har meldt seg som lærebedrift; "
                        "tiltaket får ny oppstart med rådgiver i 2027.",
                        reporter=COUNCIL,
                        businesses=1,
                    ),
                ],
            ),
            (
                "Flere i arbeid etter omstillingen i luftfarten",
                [
                    m(
                        "2.2.1",
                        "Omstillingsprogram for tidligere ansatte i luftfarten",
                        K.REGIONAL_COUNCIL,
                        "Regionrådet for Gardermoregionen",
                        start=D(2021, 5, 1),
                        deadline=D(2023, 12, 31),
                        budget=1500000,
                        state=S.DONE,
                        progress=100,
                        reporter=OFFICER,
                        partners="NAV\nAkershus fylkeskommune",
                    ),
                    m(
                        "2.2.2",
                        "Jobbmesse for regionen hvert år",
                        K.ORGANISATION,
                        "Innovasjon Gardermoen",
                        start=D(2022, 1, 1),
                        deadline=D(2025, 12, 31),
                        budget=200000,
                        state=S.CANCELLED,
                        progress=25,
                        reason="Erstattet av fylkeskommunens felles jobbmesse for Romerike.",
                        reporter=OFFICER,
                    ),
                ],
            ),
        ],
    ),
    (
        "Reiseliv og opplevelser",
        "Regionen skal være et mål for reisen, ikke bare et sted å reise fra.",
        [
            (
                "Flere gjestedøgn og lengre opphold i regionen",
                [
                    m(
                        "3.1.1",
                        "Felles reiselivsportal og besøksstrategi for Gardermoregionen",
                        K.ORGANISATION,
                        "Visit Gardermoregionen",
                        start=D(2022, 1, 1),
                        deadline=D(2024, 12, 31),
                        budget=800000,
                        state=S.DONE,
                        progress=100,
                        reporter=COUNCIL,
                    ),
                    m(
                        "3.1.2",
                        "Opplevelsespakker med Eidsvoll 1814, Hurdalssjøen og Vorma",
                        K.BUSINESS_COUNCIL,
                        "Reiselivsnettverket",
                        start=D(2023, 3, 1),
                        deadline=D(2027, 12, 31),
                        budget=600000,
                        state=S.IN_PROGRESS,
                        progress=35,
                        reporter=COUNCIL,
                        businesses=1,
                    ),
                ],
            ),
            (
                "Flyplassen som port inn til regionens opplevelser",
                [
                    m(
                        "3.2.1",
                        "Synlig informasjon om regionens opplevelser på Oslo lufthavn",
                        K.REGIONAL_COUNCIL,
                        "Regionrådet for Gardermoregionen",
                        start=D(2025, 1, 1),
                        deadline=D(2027, 6, 30),
                        budget=350000,
                        state=S.NOT_STARTED,
                        progress=0,
                        reporter=OFFICER,
                    ),
                ],
            ),
        ],
    ),
    (
        "Grønn omstilling",
        "Bedriftene i regionen skal ligge foran i overgangen til et lavutslippssamfunn.",
        [
            (
                "Halvere utslippene fra næringstransport innen 2030",
                [
                    m(
                        "4.1.1",
                        "Ladeinfrastruktur for tunge kjøretøy i næringsområdene",
                        K.COUNTY,
                        "Akershus fylkeskommune",
                        start=D(2023, 1, 1),
                        deadline=D(2028, 12, 31),
                        budget=5000000,
                        state=S.IN_PROGRESS,
                        progress=25,
                        reporter=OFFICER,
                        partners="Enova\nKommunene",
                        weight=2,
                        milestones=[
                            ("Første ladepark i drift", D(2025, 6, 30), D(2025, 9, 1)),
                            ("Tre ladeparker i drift", D(2027, 12, 31), None),
                        ],
                    ),
                    m(
                        "4.1.2",
                        "Samlastingsprosjekt for varelevering i sentrumsområdene",
                        K.BUSINESS,
                        "",
                        start=D(2024, 3, 1),
                        deadline=D(2026, 6, 30),
                        budget=450000,
                        state=S.DELAYED,
                        progress=40,
                        reason="Forsinket fordi finansieringen fra fylkeskommunen ikke er avklart.",
                        reporter=COUNCIL,
                        registry_business=True,
                        meeting=True,
                    ),
                ],
            ),
            (
                "Flere bedrifter med klimaregnskap",
                [
                    m(
                        "4.2.1",
                        "Kurs i klimaregnskap for små og mellomstore bedrifter",
                        K.ORGANISATION,
                        "Innovasjon Gardermoen",
                        start=D(2024, 1, 1),
                        deadline=D(2026, 12, 31),
                        budget=180000,
                        state=S.IN_PROGRESS,
                        progress=70,
                        reporter=OFFICER,
                        businesses=2,
                    ),
                    m(
                        "4.2.2",
                        "Grønne kriterier i kommunenes innkjøp",
                        K.MUNICIPALITY,
                        "Innkjøpsavdelingene",
                        start=D(2024, 6, 1),
                        deadline=D(2026, 6, 30),
                        state=S.IN_PROGRESS,
                        progress=50,
                        reporter=OFFICER,
                    ),
                ],
            ),
        ],
    ),
    (
        "Attraktive næringsarealer",
        "Bedrifter som vil etablere seg eller vokse i regionen, skal finne egnede arealer.",
        [
            (
                "Oversikt over ledige næringsarealer i hele regionen",
                [
                    m(
                        "5.1.1",
                        "Felles digital oversikt over ledige næringsarealer",
                        K.REGIONAL_COUNCIL,
                        "Regionrådet for Gardermoregionen",
                        start=D(2022, 9, 1),
                        deadline=D(2024, 12, 31),
                        budget=500000,
                        state=S.DONE,
                        progress=100,
                        reporter=OFFICER,
                        meeting=True,
                    ),
                    m(
                        "5.1.2",
                        "Samordnet arealstrategi i kommuneplanene",
                        K.MUNICIPALITY,
                        "Planavdelingene i kommunene",
                        start=D(2023, 1, 1),
                        deadline=D(2027, 12, 31),
                        state=S.IN_PROGRESS,
                        progress=30,
                        reporter=OFFICER,
                        children=[
                            m(
                                "5.1.2.1",
                                "Felles kunnskapsgrunnlag om arealbehov",
                                K.REGIONAL_COUNCIL,
                                "Regionrådet for Gardermoregionen",
                                start=D(2023, 1, 1),
                                deadline=D(2024, 6, 30),
                                state=S.DONE,
                                progress=100,
                                reporter=OFFICER,
                            ),
                            m(
                                "5.1.2.2",
                                "Arealstrategien innarbeidet i alle seks kommuneplaner",
                                K.MUNICIPALITY,
                                "Planavdelingene i kommunene",
                                start=D(2024, 7, 1),
                                deadline=D(2027, 12, 31),
                                state=S.IN_PROGRESS,
                                progress=15,
                                reporter=OFFICER,
                            ),
                        ],
                    ),
                ],
            ),
        ],
    ),
]


def load(users: dict) -> dict[str, int]:
    if not Plan.objects.filter(title=TITLE).exists():
        with transaction.atomic():
            _create(users)
    return {}  # the counts are taken once every part has run (strategies/demo/__init__.py)


def _create(users: dict) -> Plan:
    officer = users.get(OFFICER)
    plan = Plan.objects.create(
        title=TITLE,
        summary=(
            "Regionens felles strategiske næringsplan med handlingsprogram. Planen skal skape flere og nye typer "
            "arbeidsplasser gjennom samarbeid på tvers av kommunegrensene, og rulleres hvert år med tydelige roller."
        ),
        owner_kind=Plan.OwnerKind.REGION,
        owner_name="Gardermoregionen",
        start_year=2021,
        end_year=2030,
        state=Plan.State.ADOPTED,
        decided_by="Regionrådet for Gardermoregionen",
        decided_on=datetime.date(2021, 4, 23),
        case_number="21/00412",
        created_by=officer,
    )
    plan.municipalities.set(Municipality.objects.filter(number__in=MUNICIPALITIES))
    # Businesses of the region for the measures that concern businesses (whatever the sample registry holds).
    local = list(Business.objects.filter(municipality__number__in=MUNICIPALITIES).order_by("-employees", "orgnr")[:10]) or list(
        Business.objects.order_by("orgnr")[:10]
    )
    meetings = list(Meeting.objects.filter(series__name="Dialogmøte næringsråd–kommunedirektør").order_by("starts_at")[:2])
    points = list(ActionPoint.objects.filter(meeting__in=meetings).order_by("pk")[:1])
    picked = iter(range(10_000))
    for a_position, (area_title, area_text, goals) in enumerate(STRUCTURE):
        area = FocusArea.objects.create(plan=plan, position=a_position, title=area_title, description=area_text)
        for g_position, (goal_title, measures) in enumerate(goals):
            goal = Goal.objects.create(focus_area=area, position=g_position, title=goal_title)
            for position, spec in enumerate(measures):
                _measure(goal, None, position, spec, users, local, meetings, points, picked)
    return plan


def _measure(goal, parent, position, spec, users, local, meetings, points, picked) -> Measure:
    spec = dict(spec)
    children = spec.pop("children", [])
    milestones = spec.pop("milestones", [])
    how_many = spec.pop("businesses", 0)
    link_meetings = spec.pop("meeting", False)
    reporter = users.get(spec.pop("reporter", ""))
    if spec.pop("registry_business", False) and local:
        business = local[next(picked) % len(local)]
        spec["responsible_name"], spec["responsible_orgnr"] = business.name, business.orgnr
    if not spec["responsible_name"]:
        spec["responsible_name"] = "Lokal bedrift"
    measure = Measure.objects.create(goal=goal, parent=parent, position=position, reporter=reporter, **spec)
    if how_many and local:
        measure.businesses.set([local[next(picked) % len(local)] for _ in range(how_many)])
    if link_meetings:
        measure.meetings.set(meetings)
        measure.action_points.set(points)
    for title, due, reached in milestones:
        Milestone.objects.create(measure=measure, title=title, due=due, reached_on=reached)
    _history(measure, users)
    for child_position, child in enumerate(children):
        _measure(goal, measure, child_position, child, users, local, meetings, points, picked)
    return measure


def _history(measure: Measure, users: dict) -> None:
    """The measure's history: created when the plan was adopted, then the updates that brought it where it is."""
    by = measure.reporter or users.get(OFFICER)
    start = measure.start or datetime.date(2021, 5, 1)
    steps = [(start, Measure.State.NOT_STARTED, 0, "Tiltaket er vedtatt i handlingsprogrammet.")]
    if measure.state != Measure.State.NOT_STARTED and measure.progress:
        middle = min(start + datetime.timedelta(days=180), timezone.localdate())
        steps.append((middle, Measure.State.IN_PROGRESS, measure.progress // 2, "Arbeidet er i gang."))
    if measure.state != Measure.State.NOT_STARTED:
        last = min(start + datetime.timedelta(days=400), timezone.localdate())
        steps.append((last, measure.state, measure.progress, measure.state_reason or "Status fra siste rapport."))
    for day, state, progress, comment in steps:
        update = MeasureUpdate.objects.create(measure=measure, state=state, progress=progress, comment=comment, by=by)
        when = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
        MeasureUpdate.objects.filter(pk=update.pk).update(created=when)
