"""strategies.diff: a hand-built pair of revisions with every kind of change, and the word-level marks."""

import datetime
import uuid
from decimal import Decimal

from strategies.diff import (
    Change,
    FocusAreaRow,
    GoalRow,
    MeasureDiff,
    MeasureRow,
    Place,
    PlanSnapshot,
    Segment,
    TextDiff,
    compare_plans,
    diff_words,
)

K = {name: uuid.uuid5(uuid.NAMESPACE_DNS, name) for name in "A B C D g1 g2 g3 g4 g5 g6 m1 m2 m3 m4 m5 m6 m7 m8 m9 n1 n2".split()}


def area(name, title):
    return FocusAreaRow(K[name], title)


def goal(name, area_name, title):
    return GoalRow(K[name], K[area_name], title)


def measure(name, goal_name, title, **fields):
    parent = fields.pop("parent", None)
    return MeasureRow(K[name], K[goal_name], title, code=name, parent_key=K[parent] if parent else None, **fields)


M5_OLD = dict(responsible_kind="municipality", responsible_name="Næringsavdelingen", reporter="Ingrid Næringssjef")
M6_OLD = dict(deadline=datetime.date(2023, 12, 31), budget=Decimal("100000"), state="not_started")

OLD = PlanSnapshot(
    focus_areas=(area("A", "Attraktiv region"), area("B", "Kompetanse"), area("C", "Reiseliv")),
    goals=(
        goal("g1", "A", "Flere arbeidsplasser"),
        goal("g2", "A", "Mer besøk"),
        goal("g5", "A", "Bedre infrastruktur"),
        goal("g3", "B", "Riktig kompetanse"),
        goal("g4", "C", "Flere overnattinger"),
    ),
    measures=(
        measure("m1", "g1", "Etablere et felles næringsnettverk"),
        measure("m2", "g1", "Næringsvennlig kommune", description="Kurs for ansatte i kommunen"),
        measure("m3", "g1", "Kartlegge ledige arealer"),
        measure("m4", "g1", "Nettverksmøter"),
        measure("m9", "g2", "Felles reiselivsportal"),
        measure("m5", "g3", "Lærlingløftet", **M5_OLD),
        measure("m6", "g3", "Kompetanseforum", **M6_OLD),
        measure("m8", "g3", "Traineeordning"),
        measure("m7", "g4", "Hotellsamarbeid"),
    ),
)
NEW = PlanSnapshot(
    focus_areas=(area("A", "Attraktiv region"), area("B", "Kompetanse og rekruttering"), area("D", "Grønn omstilling")),
    goals=(
        goal("g1", "A", "Flere arbeidsplasser"),
        goal("g2", "A", "Flere besøkende"),
        goal("g3", "B", "Riktig kompetanse"),
        goal("g5", "B", "Bedre infrastruktur"),
        goal("g6", "D", "Lavere utslipp"),
    ),
    measures=(
        measure("m1", "g1", "Etablere et regionalt næringsnettverk for bedriftene"),
        measure("m2", "g1", "Næringsvennlig kommune", description="Kurs og veiledning for ansatte i kommunen"),
        measure("m4", "g1", "Nettverksmøter", parent="m1"),
        measure("n1", "g1", "Gründerveiledning"),
        measure("m9", "g2", "Felles reiselivsportal"),
        measure(
            "m5",
            "g3",
            "Lærlingløftet",
            responsible_kind="business_council",
            responsible_name="Næringsrådet",
            reporter="Kari Eier",
        ),
        measure(
            "m6", "g3", "Kompetanseforum", deadline=datetime.date(2025, 12, 31), budget=Decimal("150000"), state="in_progress"
        ),
        measure("m3", "g3", "Kartlegge ledige arealer"),
        measure("n2", "g6", "Klimaregnskap for bedrifter"),
    ),
)


def outline(diff):
    return [
        (
            a.current.title,
            a.kinds,
            [(g.current.title, g.kinds, [(m.current.code, m.kinds) for m in g.measures]) for g in a.goals],
        )
        for a in diff.focus_areas
    ]


def measure_diff(diff, code) -> MeasureDiff:
    return next(m for a in diff.focus_areas for g in a.goals for m in g.measures if m.current.code == code)


def test_every_kind_of_change_grouped_by_focus_area_and_goal_in_the_newer_order():
    diff = compare_plans(OLD, NEW)
    assert outline(diff) == [
        (
            "Attraktiv region",
            (),
            [
                (
                    "Flere arbeidsplasser",
                    (),
                    [("m1", ("reworded",)), ("m2", ("reworded",)), ("m4", ("moved",)), ("n1", ("added",))],
                ),
                ("Flere besøkende", ("renamed",), []),
            ],
        ),
        (
            "Kompetanse og rekruttering",
            ("renamed",),
            [
                (
                    "Riktig kompetanse",
                    (),
                    [
                        ("m5", ("reassigned",)),
                        ("m6", ("deadline", "budget", "state")),
                        ("m3", ("moved",)),
                        ("m8", ("removed",)),
                    ],
                ),
                ("Bedre infrastruktur", ("moved",), []),
            ],
        ),
        ("Grønn omstilling", ("added",), [("Lavere utslipp", ("added",), [("n2", ("added",))])]),
        ("Reiseliv", ("removed",), [("Flere overnattinger", ("removed",), [("m7", ("removed",))])]),
    ]
    assert diff.counts == {
        "measures_added": 2,
        "measures_removed": 2,
        "measures_reworded": 2,
        "measures_moved": 2,
        "measures_reassigned": 1,
        "measures_deadline": 1,
        "measures_budget": 1,
        "measures_state": 1,
        "goals_renamed": 1,
        "goals_moved": 1,
        "goals_added": 1,
        "goals_removed": 1,
        "focus_areas_renamed": 1,
        "focus_areas_added": 1,
        "focus_areas_removed": 1,
    }


def test_the_changed_words_of_a_reworded_title_and_description():
    diff = compare_plans(OLD, NEW)
    m1 = measure_diff(diff, "m1")
    assert m1.title == TextDiff(
        old=(Segment("Etablere et "), Segment("felles", True), Segment(" næringsnettverk")),
        new=(Segment("Etablere et "), Segment("regionalt", True), Segment(" næringsnettverk "), Segment("for bedriftene", True)),
    )
    assert (m1.title.removed, m1.title.added) == (["felles"], ["regionalt", "for bedriftene"])
    assert m1.description is None
    m2 = measure_diff(diff, "m2")
    assert m2.title is None
    assert m2.description == TextDiff(
        old=(Segment("Kurs for ansatte i kommunen"),),
        new=(Segment("Kurs "), Segment("og veiledning", True), Segment(" for ansatte i kommunen")),
    )


def test_moved_re_parented_re_assigned_and_changed_measures_say_from_what_to_what():
    diff = compare_plans(OLD, NEW)
    assert measure_diff(diff, "m3") == MeasureDiff(
        K["m3"],
        OLD.measures[2],
        NEW.measures[7],
        ("moved",),
        old_place=Place("Attraktiv region", "Flere arbeidsplasser"),
        new_place=Place("Kompetanse og rekruttering", "Riktig kompetanse"),
    )
    m4 = measure_diff(diff, "m4")
    assert (m4.old_place, m4.new_place) == (
        Place("Attraktiv region", "Flere arbeidsplasser"),
        Place("Attraktiv region", "Flere arbeidsplasser", parent="m1 Etablere et regionalt næringsnettverk for bedriftene"),
    )
    assert measure_diff(diff, "m5").changes == {
        "responsible_kind": Change("municipality", "business_council"),
        "responsible_name": Change("Næringsavdelingen", "Næringsrådet"),
        "reporter": Change("Ingrid Næringssjef", "Kari Eier"),
    }
    assert measure_diff(diff, "m6").changes == {
        "deadline": Change(datetime.date(2023, 12, 31), datetime.date(2025, 12, 31)),
        "budget": Change(Decimal("100000"), Decimal("150000")),
        "state": Change("not_started", "in_progress"),
    }
    removed = measure_diff(diff, "m8")
    assert (removed.old, removed.new, removed.changes) == (OLD.measures[7], None, {})
    added = measure_diff(diff, "n2")
    assert (added.old, added.new) == (None, NEW.measures[8])


def test_renamed_sections_carry_their_word_diff_and_a_moved_goal_its_old_focus_area():
    diff = compare_plans(OLD, NEW)
    competence = diff.focus_areas[1]
    assert competence.title == TextDiff(
        old=(Segment("Kompetanse"),), new=(Segment("Kompetanse "), Segment("og rekruttering", True))
    )
    assert diff.focus_areas[0].goals[1].title == TextDiff(
        old=(Segment("Mer besøk", True),),
        new=(Segment("Flere besøkende", True),),
    )
    assert competence.goals[1].old_focus_area == "Attraktiv region"


def test_two_equal_revisions_have_no_differences():
    diff = compare_plans(OLD, OLD)
    assert (diff.focus_areas, diff.counts, diff.is_empty) == ((), {}, True)


def test_the_older_and_newer_sides_swap_when_compared_the_other_way():
    diff = compare_plans(NEW, OLD)
    assert diff.counts["measures_added"] == 2 and diff.counts["measures_removed"] == 2
    assert measure_diff(diff, "m1").title.removed == ["regionalt", "for bedriftene"]


def test_words_punctuation_and_white_space():
    assert diff_words("Kurs, nettverk og møter", "Kurs og møter") == TextDiff(
        old=(Segment("Kurs"), Segment(", nettverk", True), Segment(" og møter")),
        new=(Segment("Kurs og møter"),),
    )
    assert diff_words("", "Nytt tiltak") == TextDiff(old=(), new=(Segment("Nytt tiltak", True),))
    assert diff_words("Samme tekst", "Samme tekst") == TextDiff(old=(Segment("Samme tekst"),), new=(Segment("Samme tekst"),))
