"""axe-core on the market-dialogue pages, in bokmål and English: the list, an open dialogue as a registered supplier
and as the team, the registration form (also with errors) and the slot form."""

import pytest
from django.core.files.base import ContentFile

from procurement.models import DialogueDocument, DialogueQuestion
from tests.browser import axe_violations, log_in
from tests.portal.test_accessibility import LANGUAGES, assert_clean, scan
from tests.procurement.factories_dialogues import PDF, make_dialogue, make_slots, register

pytestmark = pytest.mark.browser


@pytest.fixture
def dialogue(personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    dialogue = make_dialogue(title="Markedsdialog: renhold av skoler", capacity=10)
    registration = register(dialogue, orgnr="925321141", name="DESINTRYGG AS", user=personas.owner)
    register(dialogue, orgnr="991341196", name="RLA CHEMICALS AS")
    booked, *_ = make_slots(dialogue, count=4)
    booked.registration = registration
    booked.save()
    document = DialogueDocument(
        dialogue=dialogue, title="Utkast", filename="utkast.pdf", content_type="application/pdf", size=len(PDF)
    )
    document.file.save("utkast.pdf", ContentFile(PDF), save=False)
    document.save()
    DialogueQuestion.objects.create(
        dialogue=dialogue,
        registration=registration,
        question="Blir det delkontrakter?",
        answer="Ja.",
        published_at=booked.starts_at,
    )
    DialogueQuestion.objects.create(dialogue=dialogue, registration=registration, question="Hvor mange skoler?")
    return dialogue


@pytest.mark.parametrize("language", LANGUAGES)
def test_dialogue_pages_for_a_registered_supplier(page_for, personas, dialogue, language):
    page = page_for(language)
    found = {}
    scan(page, "/anskaffelser/markedsdialog/", found, expect_status=200)
    log_in(page, personas.owner)
    scan(page, dialogue.get_absolute_url(), found, expect_status=200)
    scan(page, f"/anskaffelser/markedsdialog/{dialogue.pk}/sporsmal/", found, expect_status=200)
    assert_clean(found)


@pytest.mark.parametrize("language", LANGUAGES)
def test_registration_form_for_another_supplier(page_for, personas, dialogue, language):
    page = page_for(language)
    log_in(page, personas.other_owner)
    found = {}
    scan(page, dialogue.get_absolute_url(), found, expect_status=200)
    scan(page, f"/anskaffelser/markedsdialog/{dialogue.pk}/pamelding/", found, expect_status=200)
    page.fill("input[name=orgnr]", "123456789")
    page.locator("main form.stacked-form button[type=submit]").click()
    assert page.locator(".ds-error-summary").is_visible()
    found["registration with errors"] = axe_violations(page)
    assert_clean(found)


@pytest.mark.parametrize("language", LANGUAGES)
def test_dialogue_pages_for_the_team(page_for, personas, dialogue, language):
    page = page_for(language)
    log_in(page, personas.officer)
    page.wait_for_url("**/arbeid/")
    found = {}
    scan(page, "/arbeid/", found, expect_status=200)
    scan(page, "/anskaffelser/markedsdialog/", found, expect_status=200)
    scan(page, dialogue.get_absolute_url(), found, expect_status=200)
    scan(page, f"/anskaffelser/markedsdialog/{dialogue.pk}/tider/", found, expect_status=200)
    page.fill("input[name=count]", "0")
    page.locator("main form.stacked-form button[type=submit]").click()
    assert page.locator(".ds-error-summary").is_visible()
    found["slot form with errors"] = axe_violations(page)
    question = dialogue.questions.get(published_at__isnull=True)
    scan(page, f"/anskaffelser/sporsmal/{question.pk}/svar/", found, expect_status=200)
    scan(page, f"/anskaffelser/markedsdialog/{dialogue.pk}/dokumenter/ny/", found, expect_status=200)
    scan(page, f"/anskaffelser/punkter/{dialogue.item.pk}/markedsdialog/ny/", found, expect_status=200)
    assert_clean(found)
