"""Factories for the indicators part's tests: a plan with a focus area and a goal, indicators and values."""

import datetime

import factory

from strategies.models import FocusArea, Goal, Indicator, IndicatorValue, Plan


class IndicatorPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    title = factory.Sequence(lambda n: f"Næringsplan {n}")
    owner_name = "Gardermoregionen"
    start_year = 2020
    end_year = 2030
    state = Plan.State.ADOPTED


class IndicatorFocusAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FocusArea

    plan = factory.SubFactory(IndicatorPlanFactory)
    title = factory.Sequence(lambda n: f"Satsingsområde {n}")


class IndicatorGoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    focus_area = factory.SubFactory(IndicatorFocusAreaFactory)
    title = factory.Sequence(lambda n: f"Mål {n}")


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    goal = factory.SubFactory(IndicatorGoalFactory)
    name = factory.Sequence(lambda n: f"Indikator {n}")
    unit = "arbeidsplasser"


class IndicatorValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorValue

    indicator = factory.SubFactory(IndicatorFactory)
    period_end = factory.Sequence(lambda n: datetime.date(2000 + n, 12, 31))
    value = 100
