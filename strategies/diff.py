"""What changed between two revisions (rullering) of a plan: pure functions over plain data.

A revision copies every row of the plan it revises and keeps each row's ``key``, so two revisions are
compared row by row by key: a key only in the newer one was added, a key only in the older one removed.
``strategies.queries.plan_snapshot`` loads a revision as a :class:`PlanSnapshot` in a fixed number of
queries; :func:`compare_plans` turns two snapshots into a :class:`PlanDiff` without touching the database.
"""

import difflib
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from uuid import UUID

# --- The plain data a comparison works on ------------------------------------------------------


@dataclass(frozen=True)
class FocusAreaRow:
    key: UUID
    title: str
    position: int = 0


@dataclass(frozen=True)
class GoalRow:
    key: UUID
    focus_area_key: UUID
    title: str
    position: int = 0


@dataclass(frozen=True)
class MeasureRow:
    key: UUID
    goal_key: UUID
    title: str
    code: str = ""
    description: str = ""
    parent_key: UUID | None = None
    responsible_kind: str = "municipality"
    responsible_name: str = ""
    responsible_orgnr: str = ""
    reporter: str = ""  # the reporting user's name ("" if none)
    deadline: date | None = None
    budget: Decimal | None = None
    state: str = "not_started"
    position: int = 0

    @property
    def label(self) -> str:
        return f"{self.code} {self.title}".strip()


@dataclass(frozen=True)
class PlanSnapshot:
    """One revision as plain rows, each list in the plan's order."""

    focus_areas: tuple[FocusAreaRow, ...]
    goals: tuple[GoalRow, ...]
    measures: tuple[MeasureRow, ...]


# --- The comparison ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    """A run of text, and whether it is what changed (removed from the older text, added in the newer)."""

    text: str
    changed: bool = False


@dataclass(frozen=True)
class TextDiff:
    """A text in both revisions, split into runs: ``old`` marks the words removed, ``new`` the words added."""

    old: tuple[Segment, ...]
    new: tuple[Segment, ...]

    @property
    def removed(self) -> list[str]:
        return [s.text for s in self.old if s.changed]

    @property
    def added(self) -> list[str]:
        return [s.text for s in self.new if s.changed]


@dataclass(frozen=True)
class Change:
    """One field's old and new value."""

    old: object
    new: object


# What can happen to a measure, in the order the page lists them.
ADDED = "added"
REMOVED = "removed"
REWORDED = "reworded"
MOVED = "moved"
REASSIGNED = "reassigned"
DEADLINE = "deadline"
BUDGET = "budget"
STATE = "state"
MEASURE_KINDS = (ADDED, REMOVED, REWORDED, MOVED, REASSIGNED, DEADLINE, BUDGET, STATE)
# What can happen to a focus area or a goal.
RENAMED = "renamed"
SECTION_KINDS = (ADDED, REMOVED, RENAMED, MOVED)

RESPONSIBLE_FIELDS = ("responsible_kind", "responsible_name", "responsible_orgnr", "reporter")


@dataclass(frozen=True)
class Place:
    focus_area: str
    goal: str
    parent: str = ""  # the label of the measure it is part of, if any


@dataclass(frozen=True)
class MeasureDiff:
    key: UUID
    old: MeasureRow | None
    new: MeasureRow | None
    kinds: tuple[str, ...]
    title: TextDiff | None = None
    description: TextDiff | None = None
    # Moved: where it was and where it is (goal, focus area, the measure it is part of).
    old_place: Place | None = None
    new_place: Place | None = None
    # Re-assigned / deadline / budget / state: field name → Change.
    changes: dict[str, Change] = field(default_factory=dict)

    @property
    def current(self) -> MeasureRow:
        return self.new or self.old


@dataclass(frozen=True)
class GoalDiff:
    key: UUID
    old: GoalRow | None
    new: GoalRow | None
    kinds: tuple[str, ...]
    title: TextDiff | None = None
    old_focus_area: str = ""  # for a goal moved to another focus area
    measures: tuple[MeasureDiff, ...] = ()

    @property
    def current(self) -> GoalRow:
        return self.new or self.old


@dataclass(frozen=True)
class FocusAreaDiff:
    key: UUID
    old: FocusAreaRow | None
    new: FocusAreaRow | None
    kinds: tuple[str, ...]
    title: TextDiff | None = None
    goals: tuple[GoalDiff, ...] = ()

    @property
    def current(self) -> FocusAreaRow:
        return self.new or self.old


@dataclass(frozen=True)
class PlanDiff:
    """Only what changed, grouped by focus area and goal (a measure under the goal it is in now)."""

    focus_areas: tuple[FocusAreaDiff, ...]
    # "measures_added", "measures_reworded", ..., "goals_added", "focus_areas_renamed", ...: how many of each.
    counts: dict[str, int]

    @property
    def is_empty(self) -> bool:
        return not self.focus_areas


def compare_plans(old: PlanSnapshot, new: PlanSnapshot) -> PlanDiff:
    """What changed from the older revision ``old`` to the newer ``new``, matched row by row on ``key``."""
    old_areas = {a.key: a for a in old.focus_areas}
    new_areas = {a.key: a for a in new.focus_areas}
    old_goals = {g.key: g for g in old.goals}
    new_goals = {g.key: g for g in new.goals}
    old_measures = {m.key: m for m in old.measures}
    new_measures = {m.key: m for m in new.measures}
    counts: Counter[str] = Counter()

    # Each measure's diff, filed under the goal it is in now (a removed one: the goal it was in).
    old_places = _Places(old_areas, old_goals, old_measures)
    new_places = _Places(new_areas, new_goals, new_measures)
    measures_by_goal: dict[UUID, list[MeasureDiff]] = {}
    for key in _keys_in_order(old.measures, new.measures):
        diff = _measure_diff(key, old_measures.get(key), new_measures.get(key), old_places, new_places)
        if diff is None:
            continue
        counts.update(f"measures_{kind}" for kind in diff.kinds)
        measures_by_goal.setdefault(diff.current.goal_key, []).append(diff)

    goals_by_area: dict[UUID, list[GoalDiff]] = {}
    for key in _keys_in_order(old.goals, new.goals):
        before, after = old_goals.get(key), new_goals.get(key)
        kinds, title, old_area = _section_kinds(before, after)
        if before is not None and after is not None and before.focus_area_key != after.focus_area_key:
            kinds.append(MOVED)
            old_area = old_areas[before.focus_area_key].title
        measures = tuple(measures_by_goal.get(key, ()))
        if not kinds and not measures:
            continue
        counts.update(f"goals_{kind}" for kind in kinds)
        goal = after or before
        goals_by_area.setdefault(goal.focus_area_key, []).append(
            GoalDiff(key, before, after, tuple(kinds), title, old_area if MOVED in kinds else "", measures)
        )

    areas = []
    for key in _keys_in_order(old.focus_areas, new.focus_areas):
        before, after = old_areas.get(key), new_areas.get(key)
        kinds, title, _ = _section_kinds(before, after)
        goals = tuple(goals_by_area.get(key, ()))
        if not kinds and not goals:
            continue
        counts.update(f"focus_areas_{kind}" for kind in kinds)
        areas.append(FocusAreaDiff(key, before, after, tuple(kinds), title, goals))
    return PlanDiff(tuple(areas), dict(counts))


def _keys_in_order(old_rows, new_rows) -> list[UUID]:
    """Every key, in the newer revision's order, then those only in the older one in its order."""
    keys = [row.key for row in new_rows]
    seen = set(keys)
    return keys + [row.key for row in old_rows if row.key not in seen]


def _section_kinds(before, after) -> tuple[list[str], TextDiff | None, str]:
    if before is None:
        return [ADDED], None, ""
    if after is None:
        return [REMOVED], None, ""
    if before.title != after.title:
        return [RENAMED], diff_words(before.title, after.title), ""
    return [], None, ""


@dataclass(frozen=True)
class _Places:
    """Where a measure sits in one revision, from its rows by key."""

    areas: dict[UUID, FocusAreaRow]
    goals: dict[UUID, GoalRow]
    measures: dict[UUID, MeasureRow]

    def of(self, measure: MeasureRow) -> Place:
        goal = self.goals[measure.goal_key]
        parent = self.measures.get(measure.parent_key) if measure.parent_key else None
        return Place(self.areas[goal.focus_area_key].title, goal.title, parent.label if parent else "")


def _measure_diff(key, before: MeasureRow | None, after: MeasureRow | None, old: _Places, new: _Places) -> MeasureDiff | None:
    if before is None:
        return MeasureDiff(key, None, after, (ADDED,))
    if after is None:
        return MeasureDiff(key, before, None, (REMOVED,))
    kinds = []
    title = description = None
    old_place = new_place = None
    changes: dict[str, Change] = {}
    if before.title != after.title or before.description != after.description:
        kinds.append(REWORDED)
        if before.title != after.title:
            title = diff_words(before.title, after.title)
        if before.description != after.description:
            description = diff_words(before.description, after.description)
    if before.goal_key != after.goal_key or before.parent_key != after.parent_key:
        kinds.append(MOVED)
        old_place, new_place = old.of(before), new.of(after)
    if any(getattr(before, name) != getattr(after, name) for name in RESPONSIBLE_FIELDS):
        kinds.append(REASSIGNED)
        for name in RESPONSIBLE_FIELDS:
            if getattr(before, name) != getattr(after, name):
                changes[name] = Change(getattr(before, name), getattr(after, name))
    for kind in (DEADLINE, BUDGET, STATE):
        if getattr(before, kind) != getattr(after, kind):
            kinds.append(kind)
            changes[kind] = Change(getattr(before, kind), getattr(after, kind))
    if not kinds:
        return None
    return MeasureDiff(key, before, after, tuple(kinds), title, description, old_place, new_place, changes)


# --- Words ---------------------------------------------------------------------------------------

# Words, single punctuation marks and runs of white space: a changed comma marks the comma, not the word.
_TOKENS = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)


def diff_words(old: str, new: str) -> TextDiff:
    """A word-level difflib diff: ``old`` with the removed runs marked, ``new`` with the added runs marked."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    old_flags = [False] * len(a)
    new_flags = [False] * len(b)
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag != "equal":
            old_flags[i1:i2] = [True] * (i2 - i1)
            new_flags[j1:j2] = [True] * (j2 - j1)
    return TextDiff(_segments(a, old_flags), _segments(b, new_flags))


def _segments(tokens: list[str], changed: list[bool]) -> tuple[Segment, ...]:
    # White space is marked only between two changed words, so "two words" is one mark, not two, and a
    # mark never starts or ends with a space.
    flags = list(changed)
    for i, token in enumerate(tokens):
        if token.isspace():
            flags[i] = 0 < i < len(tokens) - 1 and changed[i - 1] and changed[i + 1]
    changed = flags
    segments: list[Segment] = []
    for token, flag in zip(tokens, changed, strict=True):
        if segments and segments[-1].changed == flag:
            segments[-1] = Segment(segments[-1].text + token, flag)
        else:
            segments.append(Segment(token, flag))
    return tuple(segments)
