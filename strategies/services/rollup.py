"""Progress that anyone can reproduce: how measures roll up to goals, focus areas and the plan.

Pure functions over plain values (no queries): the caller builds a tree of ``Item`` from rows it has
already fetched. The rule, shown on the plan page:

- a measure's progress is its own, unless it has measures under it (not cancelled): then it is the
  weighted mean of theirs;
- a goal's progress is the weighted mean of its measures', a focus area's of its goals', the plan's of
  its focus areas';
- cancelled measures are left out; a level with no children left, or whose children all weigh 0, is
  undefined ("–") and its parent leaves it out;
- every level is rounded to one decimal, half up, and the parent computes with the rounded figure, so
  the arithmetic shown on the page gives exactly the figure shown.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

ONE_DECIMAL = Decimal("0.1")


@dataclass(frozen=True)
class Item:
    """One node of the plan: the plan, a focus area, a goal or a measure."""

    key: tuple
    weight: Decimal = Decimal(1)
    # A measure's own progress (0–100); None for the plan, focus areas and goals.
    progress: int | None = None
    cancelled: bool = False
    children: tuple["Item", ...] = ()


@dataclass(frozen=True)
class Term:
    key: tuple
    value: Decimal
    weight: Decimal


@dataclass(frozen=True)
class Level:
    """A node's figure (None: undefined) and the terms it was computed from (empty: its own progress)."""

    value: Decimal | None
    terms: tuple[Term, ...] = field(default=())

    @property
    def calculation(self) -> str:
        return explain(self.terms, self.value)


def round_half_up(value: Decimal) -> Decimal:
    return value.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def weighted_mean(terms) -> Decimal | None:
    """Σ value × weight / Σ weight, rounded to one decimal half up; None when the weights sum to 0."""
    total = sum((term.weight for term in terms), Decimal(0))
    if not terms or total == 0:
        return None
    return round_half_up(sum((term.value * term.weight for term in terms), Decimal(0)) / total)


def active_children(item: Item) -> tuple[Item, ...]:
    return tuple(child for child in item.children if not child.cancelled)


def roll_up(root: Item) -> dict[tuple, Level]:
    """Every node's Level, by key."""
    levels: dict[tuple, Level] = {}
    _walk(root, levels)
    return levels


def _walk(item: Item, levels: dict[tuple, Level]) -> Level:
    children = active_children(item)
    results = [(child, _walk(child, levels)) for child in children]
    # Cancelled children still get a level of their own (their progress), only the parent ignores them.
    for child in item.children:
        if child.cancelled:
            _walk(child, levels)
    if not children and item.progress is not None:
        level = Level(value=round_half_up(Decimal(item.progress)))
    else:
        terms = tuple(
            Term(key=child.key, value=result.value, weight=Decimal(child.weight))
            for child, result in results
            if result.value is not None
        )
        level = Level(value=weighted_mean(terms), terms=terms)
    levels[item.key] = level
    return level


def zero_weight_levels(root: Item) -> list[tuple]:
    """The keys of nodes whose children (cancelled ones left out) all weigh 0: weights that leave the
    roll-up undefined."""
    found: list[tuple] = []

    def visit(item: Item) -> None:
        children = active_children(item)
        if children and all(Decimal(child.weight) == 0 for child in children):
            found.append(item.key)
        for child in item.children:
            visit(child)

    visit(root)
    return found


def format_number(value: Decimal, decimal: str = ".") -> str:
    """1.00 → "1", 0.50 → "0.5", 12.30 → "12.3": the figures as a person writes them (``decimal``: "," in bokmål)."""
    return format(Decimal(value).normalize(), "f").replace(".", decimal)


def explain(terms, value: Decimal | None, decimal: str = ".") -> str:
    """The arithmetic: "(40 × 1 + 100 × 2) / (1 + 2) = 80.0 %"; undefined: "… = –"."""
    result = "–" if value is None else f"{value} %".replace(".", decimal)
    if not terms:
        return result
    products = " + ".join(f"{format_number(term.value, decimal)} × {format_number(term.weight, decimal)}" for term in terms)
    weights = " + ".join(format_number(term.weight, decimal) for term in terms)
    return f"({products}) / ({weights}) = {result}"


def plan_item(structure, weights: dict | None = None) -> Item:
    """The tree of a plan from its already fetched focus areas (with goals and measures prefetched, see
    ``strategies.queries.plan_structure``); ``weights`` ({(kind, pk): weight}) overrides the stored ones,
    to try new weights before saving them. Reads attributes only: no queries."""
    weights = weights or {}

    def weight(kind, obj):
        return Decimal(weights.get((kind, obj.pk), obj.weight))

    def measure_item(measure, parts: dict) -> Item:
        return Item(
            key=("measure", measure.pk),
            weight=weight("measure", measure),
            progress=measure.progress,
            cancelled=measure.state == "cancelled",
            children=tuple(measure_item(m, parts) for m in parts.get(measure.pk, ())),
        )

    areas = []
    for area in structure:
        goals = []
        for goal in area.goals.all():
            parts: dict = {}  # parent pk (None: the goal's own measures) -> its measures, in order
            for measure in goal.measures.all():
                parts.setdefault(measure.parent_id, []).append(measure)
            top = tuple(measure_item(m, parts) for m in parts.get(None, ()))
            goals.append(Item(key=("goal", goal.pk), weight=weight("goal", goal), children=top))
        areas.append(Item(key=("focus_area", area.pk), weight=weight("focus_area", area), children=tuple(goals)))
    return Item(key=("plan", 0), children=tuple(areas))


def children_of(root: Item) -> dict[tuple, tuple[Item, ...]]:
    """Each node's children that count (cancelled ones left out), by key."""
    found: dict[tuple, tuple[Item, ...]] = {}

    def visit(item: Item) -> None:
        found[item.key] = active_children(item)
        for child in item.children:
            visit(child)

    visit(root)
    return found
