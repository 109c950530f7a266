"""Factories for the consultation tests: a plan with measures, consultations, responses."""

import datetime

import factory
from django.utils import timezone

from strategies.models import Consultation, ConsultationResponse, FocusArea, Goal, Measure, Plan, ResponsePoint


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    title = factory.Sequence(lambda n: f"Strategisk næringsplan {n}")
    owner_name = "Gardermoregionen"
    owner_kind = Plan.OwnerKind.REGION
    start_year = 2026
    end_year = 2029
    state = Plan.State.DRAFT


class FocusAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FocusArea

    plan = factory.SubFactory(PlanFactory)
    title = factory.Sequence(lambda n: f"Satsingsområde {n}")


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    focus_area = factory.SubFactory(FocusAreaFactory)
    title = factory.Sequence(lambda n: f"Mål {n}")


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure

    goal = factory.SubFactory(GoalFactory)
    code = factory.Sequence(lambda n: f"1.1.{n}")
    title = factory.Sequence(lambda n: f"Tiltak {n}")


def measure_in(plan: Plan, **kwargs) -> Measure:
    goal = Goal.objects.filter(focus_area__plan=plan).first() or GoalFactory(focus_area=FocusAreaFactory(plan=plan))
    return MeasureFactory(goal=goal, **kwargs)


class ConsultationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consultation

    plan = factory.SubFactory(PlanFactory, state=Plan.State.CONSULTATION)
    title = "Forslag til handlingsprogram 2026–2029"
    case_number = factory.Sequence(lambda n: f"26/{1000 + n}")
    description = "Kommunedirektørens forslag til handlingsprogram er på høring."
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=10))
    deadline = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=20))


class ResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsultationResponse

    consultation = factory.SubFactory(ConsultationFactory)
    reference = factory.Sequence(lambda n: f"H-2026-{n + 9000:04d}")
    organisation = factory.Sequence(lambda n: f"Organisasjon {n}")
    contact_person = "Kari Kontakt"
    email = factory.Sequence(lambda n: f"svar{n}@org.example")
    text = factory.Sequence(lambda n: f"Høringssvar nummer {n}.")


class PointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResponsePoint

    response = factory.SubFactory(ResponseFactory)
    text = factory.Sequence(lambda n: f"Punkt {n}")
    position = factory.Sequence(lambda n: n)
