"""Consultations (høring): publishing, the response form and its bad input, the receipt and its e-mail, the rate limit,
exemption and follow-up, what the public sees before and after the deadline, role × URL, and query counts."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone

from portal.models import ActivityLog
from strategies.models import Consultation, ConsultationResponse, Plan, ResponseAttachment, ResponsePoint
from strategies.services.consultations import submit_response
from strategies.views.consultations import panel
from tests.strategies.factories_consultations import (
    ConsultationFactory,
    PlanFactory,
    PointFactory,
    ResponseFactory,
    measure_in,
)

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
PAST = datetime.timedelta(days=-30)


@pytest.fixture(autouse=True)
def _settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CONSULTATION_RATE_LIMIT = 3
    settings.CONSULTATION_MAX_ATTACHMENT_SIZE = 1024 * 1024


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def hearing(db):
    """An open consultation on a plan with two measures, and a measure of another plan."""
    consultation = ConsultationFactory(title="Forslag til handlingsprogram 2026–2029", case_number="26/1234")
    plan = consultation.plan
    first = measure_in(plan, code="1.1", title="Næringsvennlig saksbehandling")
    second = measure_in(plan, code="1.2", title="Dialogmøter med næringslivet")
    foreign = measure_in(PlanFactory(), code="9.9", title="Annen plans tiltak")
    return consultation, first, second, foreign


def closed(consultation: Consultation) -> Consultation:
    Consultation.objects.filter(pk=consultation.pk).update(deadline=timezone.now() + PAST)
    consultation.refresh_from_db()
    return consultation


def response_data(measures=(), **overrides) -> dict:
    data = {
        "organisation": "Asker næringsråd",
        "orgnr": "974 540 193",
        "address": "Drengsrudhagen 6, 1385 Asker",
        "contact_person": "Yngve Bastesen",
        "email": "post@naeringsrad.example",
        "phone": "900 00 000",
        "text": "Næringsrådet savner en tydeligere satsing på eksisterende bedrifter.",
        "points-TOTAL_FORMS": "5",
        "points-INITIAL_FORMS": "0",
        "points-MIN_NUM_FORMS": "0",
        "points-MAX_NUM_FORMS": "10",
    }
    for index, (text, measure) in enumerate(measures):
        data[f"points-{index}-text"] = text
        data[f"points-{index}-measure"] = str(measure.pk) if measure else ""
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def media_files(settings) -> list:
    root = settings.MEDIA_ROOT / "consultations"
    return sorted(p.name for p in root.rglob("*") if p.is_file()) if root.exists() else []


def respond(consultation, **kwargs) -> ConsultationResponse:
    values = {
        "by": None,
        "organisation": "Bedrift AS",
        "contact_person": "Per Hansen",
        "email": "per@bedrift.example",
        "text": "Et høringssvar.",
    }
    values.update(kwargs)
    return submit_response(consultation, **values)


# --- Publishing --------------------------------------------------------------------------------------


def test_the_team_publishes_a_draft_for_consultation_and_the_plan_is_then_on_consultation(client_for, personas):
    plan = PlanFactory(state=Plan.State.DRAFT)
    deadline = timezone.localtime() + datetime.timedelta(days=30)
    response = client_for("officer").post(
        f"/strategi/{plan.pk}/horinger/ny/",
        {
            "title": "Forslag til handlingsprogram",
            "case_number": "26/1234",
            "description": "Høring av forslaget.",
            "deadline": deadline.strftime("%Y-%m-%dT%H:%M"),
        },
    )
    consultation = Consultation.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/strategi/horinger/{consultation.pk}/"
    plan.refresh_from_db()
    assert plan.state == Plan.State.CONSULTATION
    assert (consultation.case_number, consultation.created_by, consultation.published_at is not None) == (
        "26/1234",
        personas.officer,
        True,
    )
    assert sorted(ActivityLog.objects.filter(action__startswith="strategies.").values_list("action", flat=True)) == [
        "strategies.consultation_published",
        "strategies.plan_state_changed",
    ]


def test_a_deadline_in_the_past_is_refused_at_the_field_and_nothing_is_published(client_for, personas):
    plan = PlanFactory()
    response = client_for("officer").post(
        f"/strategi/{plan.pk}/horinger/ny/",
        {"title": "Høring", "case_number": "26/1", "description": "x", "deadline": "2020-01-01T12:00"},
    )
    assert response.status_code == 400
    assert [e.code for e in response.context["form"].errors.as_data()["deadline"]] == ["past"]
    assert Consultation.objects.count() == 0
    plan.refresh_from_db()
    assert plan.state == Plan.State.DRAFT


def test_an_adopted_plan_cannot_be_put_out_for_consultation(client_for, personas):
    plan = PlanFactory(state=Plan.State.ADOPTED)
    assert client_for("officer").get(f"/strategi/{plan.pk}/horinger/ny/").status_code == 409
    assert Consultation.objects.count() == 0


def test_the_team_changes_a_consultation_before_the_deadline_but_not_after(client_for, personas, hearing):
    consultation = hearing[0]
    client = client_for("officer")
    new_deadline = timezone.localtime(consultation.deadline) + datetime.timedelta(days=7)
    data = {
        "title": "Nytt navn",
        "case_number": "26/1234",
        "description": consultation.description,
        "deadline": new_deadline.strftime("%Y-%m-%dT%H:%M"),
    }
    assert client.post(f"/strategi/horinger/{consultation.pk}/endre/", data).status_code == 302
    consultation.refresh_from_db()
    assert consultation.title == "Nytt navn"
    entry = ActivityLog.objects.get(action="strategies.consultation_changed")
    assert entry.data["fields"] == ["title", "deadline"]
    closed(consultation)
    assert client.post(f"/strategi/horinger/{consultation.pk}/endre/", {**data, "title": "Etter fristen"}).status_code == 409
    consultation.refresh_from_db()
    assert consultation.title == "Nytt navn"


# --- Responding ----------------------------------------------------------------------------------------


def test_a_visitor_responds_with_points_and_an_attachment_and_gets_a_receipt(client, personas, hearing, mailoutbox, commit):
    consultation, first, second, _ = hearing
    data = response_data(measures=[("Raskere byggesaker.", first), ("Fire dialogmøter i året.", second)])
    data["attachments"] = [SimpleUploadedFile("innspill.pdf", PDF, content_type="application/pdf")]
    with commit():
        response = client.post(f"/strategi/horinger/{consultation.pk}/svar/", data)
    assert response.status_code == 302 and response["Location"] == "/strategi/horinger/svar/mottatt/"
    saved = ConsultationResponse.objects.get()
    assert saved.reference == f"H-{timezone.localdate().year}-{saved.pk:04d}"
    assert (saved.organisation, saved.orgnr, saved.contact_person, saved.email, saved.user) == (
        "Asker næringsråd",
        "974540193",
        "Yngve Bastesen",
        "post@naeringsrad.example",
        None,
    )
    assert list(saved.points.values_list("position", "text", "measure")) == [
        (1, "Raskere byggesaker.", first.pk),
        (2, "Fire dialogmøter i året.", second.pk),
    ]
    assert list(saved.attachments.values_list("filename", "content_type", "size")) == [
        ("innspill.pdf", "application/pdf", len(PDF))
    ]
    receipt = client.get("/strategi/horinger/svar/mottatt/")
    assert receipt.status_code == 200 and saved.reference in receipt.content.decode()
    assert [m.to for m in mailoutbox] == [["post@naeringsrad.example"]]
    assert saved.reference in mailoutbox[0].subject
    body = mailoutbox[0].body
    for expected in (saved.reference, "26/1234", consultation.title, data["text"], "Raskere byggesaker.", "innspill.pdf"):
        assert expected in body
    assert ActivityLog.objects.get(action="strategies.response_submitted").data == {
        "reference": saved.reference,
        "consultation": consultation.pk,
        "points": 2,
        "attachments": 1,
    }


def test_the_receipt_page_shows_only_this_browsers_response(client, personas, hearing):
    respond(hearing[0])
    assert client.get("/strategi/horinger/svar/mottatt/")["Location"] == "/strategi/horinger/"


def test_a_logged_in_user_gets_name_and_address_prefilled_and_the_response_is_theirs(client_for, personas, hearing):
    consultation = hearing[0]
    client = client_for("owner")
    page = client.get(f"/strategi/horinger/{consultation.pk}/svar/").content.decode()
    assert 'value="owner@test.example"' in page and 'value="Kari Eier"' in page
    client.post(f"/strategi/horinger/{consultation.pk}/svar/", response_data(email="owner@test.example"))
    assert ConsultationResponse.objects.get().user == personas.owner


def _nothing_saved(settings, mailoutbox):
    assert ConsultationResponse.objects.count() == 0
    assert ResponsePoint.objects.count() == 0 and ResponseAttachment.objects.count() == 0
    assert media_files(settings) == [] and mailoutbox == []


def test_a_response_after_the_deadline_answers_410_with_a_message_and_saves_nothing(
    client, personas, hearing, settings, mailoutbox, commit
):
    consultation = closed(hearing[0])
    page = client.get(f"/strategi/horinger/{consultation.pk}/svar/")
    assert page.status_code == 410 and 'name="text"' not in page.content.decode()
    with commit():
        response = client.post(f"/strategi/horinger/{consultation.pk}/svar/", response_data())
    assert response.status_code == 410
    assert response.templates[0].name == "strategies/consultations/closed.html"
    _nothing_saved(settings, mailoutbox)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"orgnr": "974 540 194"}, "orgnr"),
        ({"text": "   "}, "text"),
        ({"email": "ikke-epost"}, "email"),
        ({"organisation": ""}, "organisation"),
        ({"contact_person": ""}, "contact_person"),
    ],
)
def test_bad_input_re_renders_the_form_with_the_error_at_the_field_and_saves_nothing(
    client, personas, hearing, settings, mailoutbox, overrides, field, commit
):
    with commit():
        response = client.post(f"/strategi/horinger/{hearing[0].pk}/svar/", response_data(**overrides))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert 'class="ds-error-summary"' in response.content.decode()
    _nothing_saved(settings, mailoutbox)


def test_a_tampered_measure_id_of_another_plan_is_a_form_error(client, personas, hearing, settings, mailoutbox, commit):
    consultation, first, _, foreign = hearing
    with commit():
        response = client.post(
            f"/strategi/horinger/{consultation.pk}/svar/",
            response_data(measures=[("Bra.", first), ("Om en annen plans tiltak.", foreign)]),
        )
    assert response.status_code == 400
    errors = response.context["points"].errors
    assert errors[0] == {} and [e.code for e in errors[1].as_data()["measure"]] == ["invalid_choice"]
    _nothing_saved(settings, mailoutbox)


def test_more_than_ten_points_is_refused(client, personas, hearing, settings, mailoutbox):
    data = response_data(measures=[(f"Punkt {n}", None) for n in range(11)], **{"points-TOTAL_FORMS": "11"})
    assert client.post(f"/strategi/horinger/{hearing[0].pk}/svar/", data).status_code == 400
    _nothing_saved(settings, mailoutbox)


def test_the_service_refuses_a_measure_of_another_plan(personas, hearing, settings, mailoutbox):
    consultation, _, _, foreign = hearing
    with pytest.raises(ValueError):
        respond(consultation, points=[("Feil plan", foreign)])
    _nothing_saved(settings, mailoutbox)


@pytest.mark.parametrize(
    ("name", "content"),
    [("program.exe", b"MZ\x90\x00"), ("falsk.pdf", b"not a pdf"), ("stor.pdf", PDF + b"0" * (1024 * 1024)), ("tom.pdf", b"")],
)
def test_a_wrong_or_oversized_attachment_is_refused_and_nothing_is_stored(
    client, personas, hearing, settings, mailoutbox, name, content, commit
):
    data = response_data(attachments=[SimpleUploadedFile(name, content)])
    with commit():
        response = client.post(f"/strategi/horinger/{hearing[0].pk}/svar/", data)
    assert response.status_code == 400 and "attachments" in response.context["form"].errors
    _nothing_saved(settings, mailoutbox)


def test_more_than_three_attachments_are_refused(client, personas, hearing, settings, mailoutbox):
    files = [SimpleUploadedFile(f"v{n}.pdf", PDF) for n in range(4)]
    response = client.post(f"/strategi/horinger/{hearing[0].pk}/svar/", response_data(attachments=files))
    assert response.status_code == 400
    _nothing_saved(settings, mailoutbox)


def test_the_same_address_is_limited_per_hour_with_429_and_nothing_more_saved(client, personas, hearing, mailoutbox, commit):
    for _ in range(3):
        respond(hearing[0], email="post@naeringsrad.example")
    with commit():
        response = client.post(f"/strategi/horinger/{hearing[0].pk}/svar/", response_data())
    assert response.status_code == 429
    assert ConsultationResponse.objects.count() == 3 and mailoutbox == []


# --- Handling: exemption and follow-up -----------------------------------------------------------------


def handling_data(response, exempt=False, basis="", follow_ups=()) -> dict:
    points = list(response.points.order_by("position", "pk"))
    data = {
        "handling-exemption_basis": basis,
        "points-TOTAL_FORMS": str(len(points)),
        "points-INITIAL_FORMS": str(len(points)),
        "points-MIN_NUM_FORMS": "0",
        "points-MAX_NUM_FORMS": "10",
    }
    if exempt:
        data["handling-exempt"] = "on"
    for index, point in enumerate(points):
        text, measure = follow_ups[index] if index < len(follow_ups) else ("", None)
        data[f"points-{index}-id"] = str(point.pk)
        data[f"points-{index}-follow_up"] = text
        data[f"points-{index}-measure"] = str(measure.pk) if measure else ""
    return data


def test_an_exemption_requires_its_legal_basis(client_for, personas, hearing):
    saved = respond(hearing[0])
    client = client_for("officer")
    response = client.post(f"/strategi/horingssvar/{saved.pk}/behandle/", handling_data(saved, exempt=True))
    assert response.status_code == 400 and "exemption_basis" in response.context["form"].errors
    saved.refresh_from_db()
    assert (saved.exempt, saved.exemption_basis) == (False, "")
    basis = "offentleglova § 13 første ledd, jf. forvaltningsloven § 13"
    response = client.post(f"/strategi/horingssvar/{saved.pk}/behandle/", handling_data(saved, exempt=True, basis=basis))
    assert response.status_code == 302
    saved.refresh_from_db()
    assert (saved.exempt, saved.exemption_basis) == (True, basis)
    assert ActivityLog.objects.get(action="strategies.response_exemption_changed").data == {
        "reference": saved.reference,
        "exempt": True,
        "basis": basis,
    }


def test_the_database_refuses_an_exemption_without_a_basis(personas, hearing):
    saved = respond(hearing[0])
    saved.exempt = True
    with pytest.raises(IntegrityError), transaction.atomic():
        saved.save(update_fields=["exempt"])


def test_the_officer_records_how_each_point_was_followed_up_and_it_is_logged(client_for, personas, hearing):
    consultation, first, second, foreign = hearing
    saved = respond(consultation, points=[("Raskere byggesaker.", None), ("Dialogmøter.", second)])
    client = client_for("officer")
    data = handling_data(saved, follow_ups=[("Tatt inn i tiltak 1.1.", first), ("", second)])
    assert client.post(f"/strategi/horingssvar/{saved.pk}/behandle/", data).status_code == 302
    assert list(saved.points.values_list("follow_up", "measure", "followed_up_by")) == [
        ("Tatt inn i tiltak 1.1.", first.pk, personas.officer.pk),
        ("", second.pk, None),
    ]
    assert [e.data["position"] for e in ActivityLog.objects.filter(action="strategies.response_point_followed_up")] == [1]
    # A repeat changes nothing and logs nothing more.
    assert client.post(f"/strategi/horingssvar/{saved.pk}/behandle/", data).status_code == 302
    assert ActivityLog.objects.filter(action="strategies.response_point_followed_up").count() == 1
    # A measure of another plan, or a point of another response, is a form error.
    tampered = handling_data(saved, follow_ups=[("Feil", foreign)])
    assert client.post(f"/strategi/horingssvar/{saved.pk}/behandle/", tampered).status_code == 400
    other = PointFactory(response=ResponseFactory(consultation=consultation))
    tampered = {**handling_data(saved), "points-0-id": str(other.pk)}
    assert client.post(f"/strategi/horingssvar/{saved.pk}/behandle/", tampered).status_code == 400
    other.refresh_from_db()
    assert other.follow_up == ""


# --- What the public sees --------------------------------------------------------------------------------


@pytest.fixture
def answered(hearing, personas):
    consultation = hearing[0]
    public = respond(
        consultation, organisation="Åpen Bedrift AS", email="a@b.example", uploads=[SimpleUploadedFile("a.pdf", PDF)]
    )
    secret = respond(consultation, organisation="Hemmelig AS", email="h@b.example", uploads=[SimpleUploadedFile("h.pdf", PDF)])
    ConsultationResponse.objects.filter(pk=secret.pk).update(exempt=True, exemption_basis="offentleglova § 13")
    return consultation, public, secret


def _listed(response) -> list | None:
    listed = response.context["responses"]
    return None if listed is None else [r.reference for r in listed]


def test_before_the_deadline_the_public_sees_no_responses(client_for, personas, answered):
    consultation, public, secret = answered
    for name in ("anonymous", "owner", "council_member", "politician", "chief_executive"):
        client = client_for(name)
        assert _listed(client.get(f"/strategi/horinger/{consultation.pk}/")) is None
        assert client.get(f"/strategi/horingssvar/{public.pk}/").status_code == 404
        attachment = public.attachments.get()
        assert client.get(f"/strategi/horingssvar/{public.pk}/vedlegg/{attachment.pk}/").status_code == 404
    officer = client_for("officer")
    assert _listed(officer.get(f"/strategi/horinger/{consultation.pk}/")) == [public.reference, secret.reference]
    assert officer.get(f"/strategi/horingssvar/{secret.pk}/").status_code == 200


def test_after_the_deadline_the_public_sees_every_response_but_the_exempt_ones_content(client_for, personas, answered):
    consultation, public, secret = answered
    closed(consultation)
    client = client_for("anonymous")
    page = client.get(f"/strategi/horinger/{consultation.pk}/")
    assert _listed(page) == [public.reference, secret.reference]
    html = page.content.decode()
    assert "Åpen Bedrift AS" in html and "Hemmelig AS" not in html and "offentleglova § 13" in html
    assert client.get(f"/strategi/horingssvar/{public.pk}/").status_code == 200
    assert client.get(f"/strategi/horingssvar/{secret.pk}/").status_code == 404
    public_file, secret_file = public.attachments.get(), secret.attachments.get()
    download = client.get(f"/strategi/horingssvar/{public.pk}/vedlegg/{public_file.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert client.get(f"/strategi/horingssvar/{secret.pk}/vedlegg/{secret_file.pk}/").status_code == 404
    # Another response's attachment id under this response: 404.
    assert client.get(f"/strategi/horingssvar/{public.pk}/vedlegg/{secret_file.pk}/").status_code == 404
    officer = client_for("officer")
    assert officer.get(f"/strategi/horingssvar/{secret.pk}/vedlegg/{secret_file.pk}/").status_code == 200


def test_the_public_page_of_a_response_hides_the_e_mail_and_phone(client_for, personas, answered):
    consultation, public, _ = answered
    closed(consultation)
    html = client_for("anonymous").get(f"/strategi/horingssvar/{public.pk}/").content.decode()
    assert "Åpen Bedrift AS" in html and "a@b.example" not in html
    assert "a@b.example" in client_for("officer").get(f"/strategi/horingssvar/{public.pk}/").content.decode()


def test_the_list_shows_open_consultations_first_then_closed(client, personas):
    later = ConsultationFactory(title="Åpen senere", deadline=timezone.now() + datetime.timedelta(days=40))
    sooner = ConsultationFactory(title="Åpen snart", deadline=timezone.now() + datetime.timedelta(days=5))
    old = ConsultationFactory(title="Lukket gammel", deadline=timezone.now() - datetime.timedelta(days=400))
    recent = ConsultationFactory(title="Lukket nylig", deadline=timezone.now() - datetime.timedelta(days=3))
    ConsultationFactory(title="Upublisert", published_at=None)
    response = client.get("/strategi/horinger/")
    assert [c.title for c in response.context["open_consultations"]] == [sooner.title, later.title]
    assert [c.title for c in response.context["closed_consultations"]] == [recent.title, old.title]
    assert [c.title for c in client.get("/strategi/horinger/?state=closed").context["closed_consultations"]] == [
        recent.title,
        old.title,
    ]
    assert client.get("/strategi/horinger/?state=closed").context["open_consultations"] == []
    assert client.get("/strategi/horinger/?state=bogus").status_code == 400


# --- Role × URL ---------------------------------------------------------------------------------------------

ROLES = ("anonymous", "owner", "other_owner", "officer", "council_member", "chief_executive", "politician", "admin")
TEAM = {"officer", "admin"}


@pytest.fixture
def routes(personas, answered):
    consultation, public, secret = answered
    draft = PlanFactory(state=Plan.State.DRAFT)
    return {
        "draft": draft,
        "consultation": consultation,
        "public": public,
        "secret": secret,
    }


def _expect_team_only(name, status):
    if name == "anonymous":
        return status == 302
    return status == (200 if name in TEAM else 403)


@pytest.mark.parametrize("name", ROLES)
def test_role_by_url_while_open(client_for, routes, name):
    consultation, public = routes["consultation"], routes["public"]
    client = client_for(name)
    assert client.get("/strategi/horinger/").status_code == 200
    assert client.get(f"/strategi/horinger/{consultation.pk}/").status_code == 200
    assert client.get(f"/strategi/horinger/{consultation.pk}/svar/").status_code == 200
    assert _expect_team_only(name, client.get(f"/strategi/horinger/{consultation.pk}/endre/").status_code)
    assert _expect_team_only(name, client.get(f"/strategi/horingssvar/{public.pk}/behandle/").status_code)
    assert client.get(f"/strategi/horingssvar/{public.pk}/").status_code == (200 if name in TEAM else 404)
    # A draft plan: the team may put it out; the chief executive's office and the council read it but may not;
    # anyone else does not see it at all.
    status = client.get(f"/strategi/{routes['draft'].pk}/horinger/ny/").status_code
    expected = {"anonymous": 302, "officer": 200, "admin": 200, "council_member": 403, "chief_executive": 403}
    assert status == expected.get(name, 404)


@pytest.mark.parametrize("name", ROLES)
def test_role_by_url_after_the_deadline(client_for, routes, name):
    consultation, public, secret = closed(routes["consultation"]), routes["public"], routes["secret"]
    client = client_for(name)
    assert client.get(f"/strategi/horinger/{consultation.pk}/svar/").status_code == 410
    assert client.get(f"/strategi/horingssvar/{public.pk}/").status_code == 200
    assert client.get(f"/strategi/horingssvar/{secret.pk}/").status_code == (200 if name in TEAM else 404)
    edit = client.get(f"/strategi/horinger/{consultation.pk}/endre/").status_code
    assert edit == {"anonymous": 302, "officer": 409, "admin": 409}.get(name, 403)
    handle = client.get(f"/strategi/horingssvar/{secret.pk}/behandle/").status_code
    assert handle == {"anonymous": 302, "officer": 200, "admin": 200}.get(name, 403)


def test_unknown_ids_answer_404(client_for, personas):
    client = client_for("officer")
    for url in (
        "/strategi/horinger/999999/",
        "/strategi/horinger/999999/svar/",
        "/strategi/horinger/999999/endre/",
        "/strategi/horingssvar/999999/",
        "/strategi/horingssvar/999999/behandle/",
        "/strategi/horingssvar/999999/vedlegg/1/",
        "/strategi/999999/horinger/ny/",
    ):
        assert client.get(url).status_code == 404, url


def test_an_unpublished_consultation_is_for_the_team_only(client_for, personas):
    hidden = ConsultationFactory(published_at=None)
    assert client_for("anonymous").get(f"/strategi/horinger/{hidden.pk}/").status_code == 404
    assert client_for("officer").get(f"/strategi/horinger/{hidden.pk}/").status_code == 200


# --- Query counts ---------------------------------------------------------------------------------------------


def _add_responses(consultation, count):
    for _ in range(count):
        response = ResponseFactory(consultation=consultation)
        PointFactory(response=response)
        PointFactory(response=response)


@pytest.mark.parametrize("name", ["anonymous", "officer"])
def test_the_consultation_page_runs_the_same_queries_however_many_responses(
    client_for, personas, hearing, django_assert_max_num_queries, name
):
    consultation = closed(hearing[0])
    client = client_for(name)
    _add_responses(consultation, 2)
    client.get(f"/strategi/horinger/{consultation.pk}/")  # warm the session and the role cache
    with django_assert_max_num_queries(12) as few:
        assert client.get(f"/strategi/horinger/{consultation.pk}/").status_code == 200
    _add_responses(consultation, 20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(f"/strategi/horinger/{consultation.pk}/")
    assert len(page.context["responses"]) == 22


def test_the_list_runs_the_same_queries_however_many_consultations(client, personas, django_assert_max_num_queries):
    ConsultationFactory()
    client.get("/strategi/horinger/")
    with django_assert_max_num_queries(10) as few:
        client.get("/strategi/horinger/")
    for _ in range(10):
        ConsultationFactory()
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get("/strategi/horinger/").context["open_consultations"]) == 11


def test_the_plan_page_panel_is_one_query_and_shows_the_counts(personas, hearing, django_assert_num_queries):
    consultation = hearing[0]
    _add_responses(consultation, 3)
    ConsultationFactory(plan=consultation.plan, title="Eldre høring", deadline=timezone.now() - datetime.timedelta(days=90))
    request = RequestFactory().get("/")
    request.user = personas.officer
    request.user.has_perm("strategies.manage_plans")  # the role cache, as the plan page has it warm
    with django_assert_num_queries(1):
        data = panel(request, consultation.plan)
    assert [(c.title, c.response_count, c.is_open) for c in data["consultations"]] == [
        (consultation.title, 3, True),
        ("Eldre høring", 0, False),
    ]
    assert data["can_add"] is True
    with django_assert_num_queries(0):
        html = render_to_string("strategies/consultations/panel.html", {"panel": data})
    assert consultation.case_number in html and f"/strategi/{consultation.plan.pk}/horinger/ny/" in html


# --- Demo ---------------------------------------------------------------------------------------------------


def test_the_demo_adds_a_closed_consultation_with_a_public_and_an_exempt_response_once(client, personas):
    from strategies.demo import consultations as demo
    from strategies.demo import plans as plan_demo
    from tests.factories import UserFactory

    users = {email: UserFactory(email=email) for email in (demo.OFFICER, demo.COUNCIL, demo.OWNER)}
    assert demo.load(users) == {}  # no demo plan yet
    plan_demo.load(users)
    assert demo.load(users) == {"consultations": 1, "consultation_responses": 2}
    assert demo.load(users) == {"consultations": 1, "consultation_responses": 2}
    consultation = Consultation.objects.get()
    assert consultation.case_number == "21/1234" and consultation.deadline < timezone.now()
    council, business = consultation.responses.order_by("submitted_at")
    assert (council.orgnr, council.exempt, business.orgnr, business.exempt) == ("974540193", False, "925321141", True)
    assert council.points.filter(measure__isnull=False, follow_up__gt="").count() == 4
    page = client.get(f"/strategi/horinger/{consultation.pk}/")
    assert _listed(page) == [council.reference, business.reference]
    assert client.get(f"/strategi/horingssvar/{council.pk}/").status_code == 200
    assert client.get(f"/strategi/horingssvar/{business.pk}/").status_code == 404


def test_the_plan_page_shows_the_consultations_and_their_counts_with_the_same_queries_as_they_grow(
    client_for, personas, hearing, django_assert_max_num_queries
):
    consultation = hearing[0]
    client = client_for("officer")
    _add_responses(consultation, 1)
    url = consultation.plan.get_absolute_url()
    client.get(url)
    with django_assert_max_num_queries(60) as few:
        page = client.get(url)
    assert page.status_code == 200
    assert [(c.pk, c.response_count) for c in page.context["panels"]["consultations"]["consultations"]] == [(consultation.pk, 1)]
    for _ in range(3):
        _add_responses(ConsultationFactory(plan=consultation.plan), 2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url)
    assert len(page.context["panels"]["consultations"]["consultations"]) == 4
    assert f'href="/strategi/horinger/{consultation.pk}/"' in page.content.decode()
