"""The roll-up rule with exact values: weighted means, nested measures, cancelled ones, zero weights, rounding."""

from decimal import Decimal

from strategies.services.rollup import Item, Term, explain, roll_up, round_half_up, weighted_mean, zero_weight_levels


def measure(pk, progress, weight=1, cancelled=False, children=()):
    return Item(key=("measure", pk), weight=Decimal(weight), progress=progress, cancelled=cancelled, children=tuple(children))


def goal(pk, *measures, weight=1):
    return Item(key=("goal", pk), weight=Decimal(weight), children=tuple(measures))


def area(pk, *goals, weight=1):
    return Item(key=("focus_area", pk), weight=Decimal(weight), children=tuple(goals))


def plan(*areas):
    return Item(key=("plan", 0), children=tuple(areas))


def test_a_goal_is_the_weighted_mean_of_its_measures_with_the_arithmetic():
    levels = roll_up(plan(area(1, goal(1, measure(1, 40, 1), measure(2, 100, 2)))))
    assert levels[("goal", 1)].value == Decimal("80.0")
    assert levels[("goal", 1)].calculation == "(40 × 1 + 100 × 2) / (1 + 2) = 80.0 %"
    assert levels[("focus_area", 1)].value == Decimal("80.0")
    assert levels[("plan", 0)].calculation == "(80 × 1) / (1) = 80.0 %"


def test_a_parent_measure_counts_its_children():
    parent = measure(1, 0, 2, children=[measure(2, 100, 1), measure(3, 50, 3)])
    levels = roll_up(plan(area(1, goal(1, parent, measure(4, 10, 1)))))
    # The parent's own 0 is replaced by (100 × 1 + 50 × 3) / 4 = 62.5.
    assert levels[("measure", 1)].value == Decimal("62.5")
    assert levels[("measure", 1)].calculation == "(100 × 1 + 50 × 3) / (1 + 3) = 62.5 %"
    # The goal: (62.5 × 2 + 10 × 1) / 3 = 45.0.
    assert levels[("goal", 1)].value == Decimal("45.0")


def test_cancelled_measures_are_left_out():
    levels = roll_up(plan(area(1, goal(1, measure(1, 20), measure(2, 100, 5, cancelled=True)))))
    assert levels[("goal", 1)].value == Decimal("20.0")
    assert levels[("goal", 1)].calculation == "(20 × 1) / (1) = 20.0 %"
    # A cancelled child of a parent measure is left out too; with none left the parent keeps its own figure.
    parent = measure(3, 70, children=[measure(4, 0, cancelled=True)])
    assert roll_up(plan(area(1, goal(2, parent))))[("goal", 2)].value == Decimal("70.0")


def test_zero_weights_and_empty_levels_are_undefined_and_skipped_above():
    levels = roll_up(
        plan(
            area(1, goal(1, measure(1, 50, 0), measure(2, 90, 0)), goal(2, measure(3, 30))),
            area(2, goal(3)),  # a goal with no measures
            area(3, goal(4, measure(4, 60)), weight="0.5"),
        )
    )
    assert levels[("goal", 1)].value is None
    assert levels[("goal", 1)].calculation == "(50 × 0 + 90 × 0) / (0 + 0) = –"
    assert levels[("goal", 3)].value is None
    assert levels[("focus_area", 2)].value is None
    assert levels[("focus_area", 1)].value == Decimal("30.0")
    # The plan: area 2 left out; (30 × 1 + 60 × 0.5) / 1.5 = 40.0.
    assert levels[("plan", 0)].value == Decimal("40.0")
    assert levels[("plan", 0)].calculation == "(30 × 1 + 60 × 0.5) / (1 + 0.5) = 40.0 %"


def test_zero_weight_levels_names_the_level_whose_children_all_weigh_zero():
    root = plan(
        area(1, goal(1, measure(1, 50, 0), measure(2, 90, 0), measure(3, 10, 4, cancelled=True))), area(2, goal(2, measure(4, 1)))
    )
    assert zero_weight_levels(root) == [("goal", 1)]
    assert zero_weight_levels(plan(area(1, goal(1, measure(1, 5)), weight=0))) == [("plan", 0)]
    assert zero_weight_levels(plan(area(1, goal(1)))) == []


def test_rounding_is_to_one_decimal_half_up_and_the_level_above_uses_the_rounded_figure():
    assert round_half_up(Decimal("12.25")) == Decimal("12.3")
    assert round_half_up(Decimal("12.35")) == Decimal("12.4")
    assert round_half_up(Decimal("12.249")) == Decimal("12.2")
    # (10 + 20 + 15) / 3 = 15.0; (1 × 1 + 2 × 1 + 2 × 1) / 3 = 1.666… → 1.7
    assert weighted_mean([Term(key=(), value=Decimal(v), weight=Decimal(1)) for v in (1, 2, 2)]) == Decimal("1.7")
    # 100 / 3 = 33.33… → 33.3 at the goal; the area computes with 33.3, not 33.33…
    levels = roll_up(plan(area(1, goal(1, measure(1, 100), measure(2, 0), measure(3, 0)), goal(2, measure(4, 0)))))
    assert levels[("goal", 1)].value == Decimal("33.3")
    assert levels[("focus_area", 1)].value == Decimal("16.7")  # (33.3 + 0) / 2 = 16.65 → 16.7
    assert levels[("focus_area", 1)].calculation == "(33.3 × 1 + 0 × 1) / (1 + 1) = 16.7 %"


def test_explain_without_terms():
    assert explain((), None) == "–"
    assert explain((), Decimal("40.0")) == "40.0 %"
