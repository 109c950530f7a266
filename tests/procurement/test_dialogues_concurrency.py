"""Concurrent requests on PostgreSQL: slot booking is first come, first served with no double booking, and
registration never passes the capacity or registers a number twice."""

import threading
from functools import partial

import pytest
from django.db import close_old_connections, connection
from django.utils import translation

from procurement.models import DialogueRegistration, DialogueSlot
from procurement.services import dialogues as services
from tests.procurement.factories_dialogues import make_dialogue, make_slots, register


@pytest.fixture
def postgres(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is tested on PostgreSQL (set DATABASE_URL)")


def run_at_once(*calls):
    """Run the calls in threads released together; returns each call's result or the exception it raised."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            with translation.override("en"):
                results[index] = call()
        except Exception as error:  # noqa: BLE001 - the test looks at what each thread got
            results[index] = error
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def refusals(results) -> list[str]:
    return sorted(str(r) for r in results if isinstance(r, services.DialogueError))


# A flush of the test database per test is slow (the CPV codes load again), so each test races several times.
ATTEMPTS = 5


def test_two_suppliers_booking_one_slot_at_once_exactly_one_wins(postgres):
    for attempt in range(ATTEMPTS):
        dialogue = make_dialogue(title=f"Dialog {attempt}")
        (slot,) = make_slots(dialogue, count=1)
        first = register(dialogue, orgnr="925321141")
        second = register(dialogue, orgnr="812844822")
        results = run_at_once(
            partial(services.book_slot, slot, registration=first, by=None),
            partial(services.book_slot, slot, registration=second, by=None),
        )
        assert refusals(results) == ["Someone else booked this slot first. Choose another free slot."]
        assert [r for r in results if not isinstance(r, services.DialogueError)] == [None]
        slot.refresh_from_db()
        assert slot.registration_id in (first.pk, second.pk)


def test_one_supplier_booking_two_slots_at_once_gets_one(postgres):
    for attempt in range(ATTEMPTS):
        dialogue = make_dialogue(title=f"Dialog {attempt}")
        one, two = make_slots(dialogue, count=2)
        supplier = register(dialogue, orgnr="925321141", name="DESINTRYGG AS")
        results = run_at_once(
            partial(services.book_slot, one, registration=supplier, by=None),
            partial(services.book_slot, two, registration=supplier, by=None),
        )
        assert refusals(results) == ["DESINTRYGG AS has booked a slot already. Cancel it first to choose another."]
        assert DialogueSlot.objects.filter(registration=supplier).count() == 1


def test_concurrent_registrations_never_pass_the_capacity(postgres):
    dialogue = make_dialogue(capacity=2)
    numbers = ["925321141", "812844822", "991341196", "929065239"]
    results = run_at_once(
        *[
            (
                lambda n=n: services.register_supplier(
                    dialogue, by=None, orgnr=n, company_name=n, contact_name="K", email="k@x.example"
                )
            )
            for n in numbers
        ]
    )
    assert refusals(results) == ["The market dialogue is full: no more suppliers can register."] * 2
    assert DialogueRegistration.objects.filter(dialogue=dialogue).count() == 2


def test_the_same_number_registered_twice_at_once_is_saved_once(postgres):
    dialogue = make_dialogue()
    results = run_at_once(
        *[
            (
                lambda: services.register_supplier(
                    dialogue, by=None, orgnr="925321141", company_name="D", contact_name="K", email="k@x.example"
                )
            )
            for _ in range(3)
        ]
    )
    assert refusals(results) == ["925321141 is already registered for this market dialogue."] * 2
    assert DialogueRegistration.objects.filter(dialogue=dialogue).count() == 1
