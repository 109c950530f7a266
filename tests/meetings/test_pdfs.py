"""The meeting PDFs: notice and minutes made by a task, stored once per content, downloaded by those who may.

Most tests render in English so they assert on the source strings, which do not change when the
translations do; one test renders in bokmål, the portal's language, with strings already translated.
"""

import datetime
import io
import os
import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from meetings.models import OSLO, ActionPoint, AgendaItem, Meeting, MeetingPdf, Participant
from meetings.services import pdfs as pdfs_service
from meetings.services.pdfs import make_pdf, render_minutes_pdf, render_notice_pdf, render_public_minutes_pdf, schedule_pdfs
from meetings.tasks import render_pdf_task
from portal.pdf import url_fetcher
from tests.browser import axe_violations

START = datetime.datetime(2027, 2, 16, 14, 0, tzinfo=OSLO)
DESCRIPTION = " ".join(["Bakgrunn og forslag til videre arbeid."] * 12)
TITLES = ["Nytt næringsareal på Fornebu", "Oppfølging fra forrige møte", *[f"Sak nummer {n}" for n in range(3, 9)]]


def pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def numbered_lines(text: str) -> list[str]:
    """The headings of the agenda items: "1. Title"."""
    return [line for line in text.splitlines() if re.match(r"\d+\. ", line)]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def meeting(meetings):
    """The public meeting on a fixed day, with eight agenda items running over two pages, none internal."""
    public, _ = meetings
    public.starts_at = START
    public.ends_at = START + datetime.timedelta(hours=2)
    public.save()
    public.agenda.update(description=DESCRIPTION)
    for position in range(3, 9):
        AgendaItem.objects.create(meeting=public, position=position, title=f"Sak nummer {position}", description=DESCRIPTION)
    return public


@pytest.fixture
def held_meeting(meeting, personas):
    """The meeting held: one present, one absent, one unrecorded, two decisions, three action points."""
    meeting.state = Meeting.State.HELD
    meeting.save()
    meeting.participants.filter(name="Yngve Råd").update(attended=True)
    meeting.participants.filter(name="Gjest Gjestesen").update(attended=False)
    Participant.objects.create(meeting=meeting, email="uten.navn@bedrift.example")  # attendance not recorded
    meeting.agenda.filter(position=1).update(notes="Kommunedirektøren orienterte.", decision="Saken sendes til formannskapet.")
    meeting.agenda.filter(position=2).update(decision="Tatt til orientering.")
    ActionPoint.objects.create(
        meeting=meeting, title="Sende søknad om tilskudd", owner=personas.officer, due_date=datetime.date(2027, 3, 1)
    )
    first_item = meeting.agenda.get(position=1)
    ActionPoint.objects.create(meeting=meeting, title="Invitere grunneierne", owner_name="Per Grunneier", agenda_item=first_item)
    ActionPoint.objects.create(
        meeting=meeting,
        title="Sende kart",
        owner=personas.officer,
        due_date=datetime.date(2027, 2, 26),
        status=ActionPoint.Status.IN_PROGRESS,
        agenda_item=first_item,
    )
    return meeting


def stored_files(media) -> list[str]:
    folder = media / "meetings" / "pdf"
    return sorted(os.listdir(folder)) if folder.exists() else []


# --- The documents --------------------------------------------------------------------------------


def test_notice_holds_the_agenda_items_in_order_with_running_header_and_page_numbers(english, meeting):
    pages = pdf_pages(render_notice_pdf(meeting))

    assert numbered_lines("\n".join(pages)) == [f"{n}. {title}" for n, title in enumerate(TITLES, start=1)]
    assert len(pages) == 2
    assert pages[0].splitlines()[:6] == [
        "Business portal Bærum and Asker",
        "Notice with agenda",
        "Dialogmøte 1/2027",
        "16 Feb 2027, 14:00–16:00",
        "Place Rådhuset",
        "Organiser Ingrid Næringssjef",
    ]
    # The first page opens with the facts, so its running header is left out; the footer is on every page.
    assert pages[0].splitlines()[-1] == "Notice with agenda Page 1 of 2"
    assert pages[1].splitlines()[-2:] == [
        "Business portal Bærum and Asker Dialogmøte 1/2027 – 16 Feb 2027",
        "Notice with agenda Page 2 of 2",
    ]
    assert "1. Nytt næringsareal på Fornebu\n30 minutes, Kommunedirektøren\n" in pages[0]
    assert "Concerns: DESINTRYGG AS" in pages[0]


def test_notice_marks_internal_items(english, meeting):
    AgendaItem.objects.create(meeting=meeting, position=9, title="Tomtesalg", internal=True)
    assert numbered_lines("\n".join(pdf_pages(render_notice_pdf(meeting))))[-2:] == [
        "8. Sak nummer 8",
        "9. Tomtesalg (Internal)",
    ]


def test_pdf_is_tagged_with_language_and_title(english, meeting):
    reader = PdfReader(io.BytesIO(render_notice_pdf(meeting)))
    catalog = reader.trailer["/Root"]
    assert reader.metadata.title == "Notice with agenda: Dialogmøte 1/2027, 16 Feb 2027"
    assert reader.metadata.author == "Business portal Bærum and Asker"
    assert catalog["/Lang"] == "en"
    assert bool(catalog["/MarkInfo"]["/Marked"]) is True
    assert "/StructTreeRoot" in catalog
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"]) is True


def test_pdfs_are_in_bokmaal_by_default(meeting):
    reader = PdfReader(io.BytesIO(render_notice_pdf(meeting)))
    first = reader.pages[0].extract_text().splitlines()
    assert reader.trailer["/Root"]["/Lang"] == "nb"
    assert first[0] == "Næringsportalen Bærum og Asker"
    assert first[3:6] == ["16. februar 2027, 14:00–16:00", "Sted Rådhuset", "Arrangør Ingrid Næringssjef"]
    assert first[6] == "Saksliste"


def text_lines(pages: list[str]) -> list[str]:
    """The lines of the text without the list bullets, which pypdf puts where it finds them."""
    lines = (line.replace("•", "").strip() for page in pages for line in page.splitlines())
    return [line for line in lines if line]


def test_minutes_hold_attendance_decisions_and_action_points(english, held_meeting):
    pages = pdf_pages(render_minutes_pdf(held_meeting))
    lines = text_lines(pages)

    assert lines[:5] == [
        "Business portal Bærum and Asker",
        "Minutes",
        "Dialogmøte 1/2027",
        "16 Feb 2027, 14:00–16:00",
        "Draft: these minutes are not published.",
    ]
    attendance = lines.index("Attendance")
    assert lines[attendance : attendance + 8] == [
        "Attendance",
        "Present",
        "Yngve Råd",
        "Absent",
        "Gjest Gjestesen",
        "Attendance not recorded",
        "Guest without a name",  # never the address
        "Agenda",
    ]
    assert "uten.navn@bedrift.example" not in "\n".join(pages)
    first_item = lines.index("1. Nytt næringsareal på Fornebu")
    # Each item's action points follow its decision, dated ones first.
    assert lines[first_item : first_item + 12] == [
        "1. Nytt næringsareal på Fornebu",
        "Notes",
        "Kommunedirektøren orienterte.",
        "Decision",
        "Saken sendes til formannskapet.",
        "Action points",
        "Sende kart – Owner: Ingrid Næringssjef. Due date: 26.02.2027. Status: In progress.",
        "Invitere grunneierne – Owner: Per Grunneier. Due date: –. Status: Open.",
        "2. Oppfølging fra forrige møte",
        "Decision",
        "Tatt til orientering.",
        "3. Sak nummer 3",
    ]
    assert numbered_lines("\n".join(lines)) == [f"{n}. {title}" for n, title in enumerate(TITLES, start=1)]
    other = lines.index("Other action points")
    assert lines[other + 1] == "Sende søknad om tilskudd – Owner: Ingrid Næringssjef. Due date: 01.03.2027. Status: Open."
    assert len(pages) == 2
    assert lines[-1] == "Minutes Page 2 of 2"


def test_published_minutes_are_not_marked_draft(english, held_meeting):
    held_meeting.state = Meeting.State.MINUTES_PUBLISHED
    held_meeting.minutes_published_at = datetime.datetime(2027, 2, 20, 9, 0, tzinfo=OSLO)
    held_meeting.save()
    lines = pdf_pages(render_minutes_pdf(held_meeting))[0].splitlines()
    assert "Draft: these minutes are not published." not in lines
    assert lines[4:7] == ["Place Rådhuset", "Organiser Ingrid Næringssjef", "Minutes published 20 Feb 2027"]


def test_rendering_never_fetches_from_the_network():
    fetcher = url_fetcher()
    for url in ("https://example.com/logo.png", "http://169.254.169.254/latest/meta-data/", "ftp://example.com/a.css"):
        with pytest.raises(ValueError, match="disallowed protocol"):
            fetcher.fetch(url)


# --- Made by a task, stored once per content ------------------------------------------------------


def test_schedule_marks_the_pdfs_pending_and_the_task_makes_them_after_commit(
    english, media, held_meeting, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        assert schedule_pdfs(held_meeting) == ["notice", "minutes", "public_minutes"]
    assert sorted(held_meeting.pdfs.values_list("kind", "status")) == [
        ("minutes", "pending"),
        ("notice", "pending"),
        ("public_minutes", "pending"),
    ]
    assert stored_files(media) == []

    for callback in callbacks:  # the tasks run eagerly, in this process, as a worker would run them
        callback()

    notice, minutes, public = (held_meeting.pdfs.get(kind=kind) for kind in ("notice", "minutes", "public_minutes"))
    assert (notice.status, minutes.status, public.status) == ("ready", "ready", "ready")
    assert notice.finished_at is not None
    assert stored_files(media) == sorted(os.path.basename(pdf.file.name) for pdf in (notice, minutes, public))
    assert numbered_lines("\n".join(pdf_pages(notice.file.read()))) == [
        f"{n}. {title}" for n, title in enumerate(TITLES, start=1)
    ]
    assert pdf_pages(minutes.file.read())[0].splitlines()[1] == "Minutes"


def test_only_the_notice_before_the_meeting_is_held(media, meeting, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert schedule_pdfs(meeting) == ["notice"]
    assert list(meeting.pdfs.values_list("kind", "status")) == [("notice", "ready")]


def test_a_cancelled_meeting_loses_its_notice(media, meeting, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        schedule_pdfs(meeting)
    assert len(stored_files(media)) == 1
    meeting.state = Meeting.State.CANCELLED
    meeting.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert schedule_pdfs(meeting) == []
    assert meeting.pdfs.count() == 0
    assert stored_files(media) == []


def test_unchanged_content_writes_nothing(media, meeting, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        schedule_pdfs(meeting)
    pdf = meeting.pdfs.get()
    path = media / pdf.file.name
    written_at = path.stat().st_mtime_ns

    with django_capture_on_commit_callbacks(execute=True):
        schedule_pdfs(meeting)
    assert make_pdf(meeting, "notice") is False

    again = meeting.pdfs.get()
    assert (again.status, again.file.name, again.source_hash) == ("ready", pdf.file.name, pdf.source_hash)
    assert path.stat().st_mtime_ns == written_at
    assert stored_files(media) == [os.path.basename(pdf.file.name)]


def test_a_change_makes_a_new_pdf_and_removes_the_old_file(english, media, meeting, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        schedule_pdfs(meeting)
    old = meeting.pdfs.get()

    meeting.agenda.filter(position=2).update(title="Oppfølging av handlingsplanen")
    with django_capture_on_commit_callbacks(execute=True):
        schedule_pdfs(meeting)

    new = meeting.pdfs.get()
    assert new.status == "ready"
    assert new.file.name != old.file.name
    assert new.source_hash != old.source_hash
    assert stored_files(media) == [os.path.basename(new.file.name)]
    assert numbered_lines("\n".join(pdf_pages(new.file.read())))[:2] == [
        "1. Nytt næringsareal på Fornebu",
        "2. Oppfølging av handlingsplanen",
    ]


def test_a_run_overtaken_by_a_newer_request_stores_nothing(english, media, meeting, monkeypatch):
    """A change while the PDF is being rendered: this run's file would be out of date, the newer run's is not."""
    schedule_pdfs(meeting)  # outside a captured commit: its task never runs, this test plays the task
    render = pdfs_service.html_to_pdf

    def render_while_the_meeting_changes(html):
        meeting.agenda.filter(position=1).update(title="Endret underveis")
        schedule_pdfs(meeting)
        return render(html)

    monkeypatch.setattr(pdfs_service, "html_to_pdf", render_while_the_meeting_changes)
    assert make_pdf(meeting, "notice") is False
    assert (meeting.pdfs.get().status, meeting.pdfs.get().file.name) == ("pending", "")
    assert stored_files(media) == []

    monkeypatch.setattr(pdfs_service, "html_to_pdf", render)
    assert make_pdf(meeting, "notice") is True
    pdf = meeting.pdfs.get()
    assert pdf.status == "ready"
    assert numbered_lines(pdf_pages(pdf.file.read())[0])[0] == "1. Endret underveis"


def test_a_failure_marks_the_pdf_failed(media, meeting, django_capture_on_commit_callbacks, settings, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("the storage cannot make folders here")
    settings.MEDIA_ROOT = blocker
    with django_capture_on_commit_callbacks(execute=True):
        schedule_pdfs(meeting)
    pdf = meeting.pdfs.get()
    assert (pdf.status, pdf.file.name, pdf.source_hash) == ("failed", "", "")
    assert pdf.finished_at is not None


def test_the_task_makes_the_pdf_and_ignores_a_deleted_meeting(media, meeting):
    MeetingPdf.objects.create(meeting=meeting, kind="notice", requested_at=START)
    assert render_pdf_task.delay(meeting_id=meeting.pk, kind="notice").get() is True
    assert meeting.pdfs.get().status == "ready"
    assert render_pdf_task.delay(meeting_id=meeting.pk, kind="notice").get() is False  # same content
    assert render_pdf_task.delay(meeting_id=meeting.pk + 1000, kind="notice").get() is False
    assert render_pdf_task.delay(meeting_id=meeting.pk, kind="minutes").get() is False  # never asked for


# --- Downloads and the meeting page ---------------------------------------------------------------


@pytest.fixture
def ready(media, django_capture_on_commit_callbacks):
    """make(meeting) -> the meeting's PDFs, made and stored."""

    def make(meeting):
        with django_capture_on_commit_callbacks(execute=True):
            schedule_pdfs(meeting)
        return {pdf.kind: pdf for pdf in meeting.pdfs.all()}

    return make


def test_download_is_an_attachment_with_the_stored_file(client, meeting, ready):
    pdf = ready(meeting)["notice"]
    response = client.get(f"/moter/{meeting.pk}/innkalling.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="innkalling-2027-02-16.pdf"'
    body = b"".join(response.streaming_content)
    assert body[:5] == b"%PDF-"
    assert body == pdf.file.open("rb").read()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("anonymous", 200),
        ("owner", 200),
        ("politician", 200),
        ("council_member", 200),
        ("officer", 200),
    ],
)
def test_a_public_notice_without_internal_items_is_for_everyone(client_for, meeting, ready, persona, status):
    ready(meeting)
    assert client_for(persona).get(f"/moter/{meeting.pk}/innkalling.pdf").status_code == status


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("anonymous", 403),
        ("owner", 403),
        ("politician", 403),
        ("council_member", 200),  # invited, and a member of the series
        ("officer", 200),
        ("chief_executive", 200),
        ("admin", 200),
    ],
)
def test_a_notice_with_internal_items_is_for_the_meetings_circle(client_for, meeting, ready, persona, status):
    AgendaItem.objects.create(meeting=meeting, position=9, title="Tomtesalg", internal=True)
    ready(meeting)
    assert client_for(persona).get(f"/moter/{meeting.pk}/innkalling.pdf").status_code == status


@pytest.mark.parametrize(("persona", "status"), [("anonymous", 404), ("owner", 404), ("council_member", 200), ("officer", 200)])
def test_an_internal_meetings_notice_is_not_found_by_outsiders(client_for, meetings, ready, persona, status):
    _, internal = meetings
    ready(internal)
    assert client_for(persona).get(f"/moter/{internal.pk}/innkalling.pdf").status_code == status


@pytest.mark.parametrize(
    ("persona", "draft", "published", "full"),
    [
        ("anonymous", 403, 200, 403),
        ("owner", 403, 200, 403),
        ("politician", 403, 200, 403),
        ("council_member", 200, 200, 200),
        ("officer", 200, 200, 200),
        ("chief_executive", 200, 200, 200),
    ],
)
def test_minutes_are_public_once_published_and_the_full_version_stays_in_the_circle(
    client_for, held_meeting, ready, persona, draft, published, full
):
    ready(held_meeting)
    client = client_for(persona)
    assert client.get(f"/moter/{held_meeting.pk}/referat.pdf").status_code == draft
    assert client.get(f"/moter/{held_meeting.pk}/referat-fullstendig.pdf").status_code == full
    held_meeting.state = Meeting.State.MINUTES_PUBLISHED
    held_meeting.minutes_published_at = START + datetime.timedelta(days=3)
    held_meeting.save()
    ready(held_meeting)
    client = client_for(persona)
    assert client.get(f"/moter/{held_meeting.pk}/referat.pdf").status_code == published
    assert client.get(f"/moter/{held_meeting.pk}/referat-fullstendig.pdf").status_code == full


@pytest.fixture
def published_with_internal_items(held_meeting):
    """The held meeting's minutes published, with an internal item (and its action point) and an internal point."""
    secret = AgendaItem.objects.create(
        meeting=held_meeting,
        position=9,
        title="Tomtesalg på Kalvøya",
        internal=True,
        notes="Prisantydning drøftet.",
        decision="Forhandlingene fortsetter.",
    )
    ActionPoint.objects.create(
        meeting=held_meeting, agenda_item=secret, title="Verdivurdering av tomten", owner_name="Eiendomsavdelingen"
    )
    ActionPoint.objects.filter(title="Invitere grunneierne").update(internal=True)
    held_meeting.state = Meeting.State.MINUTES_PUBLISHED
    held_meeting.minutes_published_at = START + datetime.timedelta(days=3)
    held_meeting.save()
    return held_meeting


def test_public_minutes_leave_out_the_internal_items_and_their_action_points(english, published_with_internal_items):
    meeting = published_with_internal_items
    public = text_lines(pdf_pages(render_public_minutes_pdf(meeting)))
    full = text_lines(pdf_pages(render_minutes_pdf(meeting)))

    assert numbered_lines("\n".join(public)) == [f"{n}. {title}" for n, title in enumerate(TITLES, start=1)]
    assert numbered_lines("\n".join(full)) == [
        *(f"{n}. {title}" for n, title in enumerate(TITLES, start=1)),
        "9. Tomtesalg på Kalvøya (Internal)",
    ]
    public_text, full_text = "\n".join(public), "\n".join(full)
    for secret in ("Tomtesalg på Kalvøya", "Prisantydning drøftet.", "Forhandlingene fortsetter.", "Verdivurdering av tomten"):
        assert secret not in public_text
        assert secret in full_text
    assert "Invitere grunneierne" not in public_text
    assert "Invitere grunneierne (Internal) – Owner: Per Grunneier. Due date: –. Status: Open." in full
    assert "Verdivurdering av tomten – Owner: Eiendomsavdelingen. Due date: –. Status: Open." in full
    # The public items keep their decisions and public action points.
    assert "Saken sendes til formannskapet." in public
    assert "Sende søknad om tilskudd – Owner: Ingrid Næringssjef. Due date: 01.03.2027. Status: Open." in public
    assert public[:2] == ["Business portal Bærum and Asker", "Minutes (public version)"]
    assert full[:2] == ["Business portal Bærum and Asker", "Minutes"]
    assert " ".join(public).count("items exempt from public access") == 1
    assert "items exempt from public access" not in " ".join(full)


def test_the_public_minutes_are_made_by_the_task_and_served_to_anyone(client_for, english, published_with_internal_items, ready):
    meeting = published_with_internal_items
    pdfs = ready(meeting)
    assert {kind: pdf.status for kind, pdf in pdfs.items()} == {"notice": "ready", "minutes": "ready", "public_minutes": "ready"}

    response = client_for("anonymous").get(f"/moter/{meeting.pk}/referat.pdf")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="referat-2027-02-16.pdf"'
    body = b"".join(response.streaming_content)
    assert body == pdfs["public_minutes"].file.open("rb").read()
    text = "\n".join(pdf_pages(body))
    assert "Tomtesalg på Kalvøya" not in text
    assert "Verdivurdering av tomten" not in text
    assert "Invitere grunneierne" not in text
    assert "1. Nytt næringsareal på Fornebu" in text

    assert client_for("anonymous").get(f"/moter/{meeting.pk}/referat-fullstendig.pdf").status_code == 403
    response = client_for("council_member").get(f"/moter/{meeting.pk}/referat-fullstendig.pdf")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="referat-fullstendig-2027-02-16.pdf"'
    text = "\n".join(pdf_pages(b"".join(response.streaming_content)))
    assert "9. Tomtesalg på Kalvøya (Internal)" in text
    assert "Verdivurdering av tomten" in text


def test_the_meeting_page_offers_each_reader_their_minutes(client_for, english, published_with_internal_items, ready):
    meeting = published_with_internal_items
    ready(meeting)
    public_link = f'<a class="ds-link" href="/moter/{meeting.pk}/referat.pdf">Minutes (public version)</a>'
    full_link = f'<a class="ds-link" href="/moter/{meeting.pk}/referat-fullstendig.pdf">Minutes</a>'
    page = client_for("anonymous").get(f"/moter/{meeting.pk}/").content.decode()
    assert public_link in page
    assert full_link not in page
    page = client_for("council_member").get(f"/moter/{meeting.pk}/").content.decode()
    assert public_link in page
    assert full_link in page


def test_an_internal_meeting_has_no_public_minutes(media, meetings, django_capture_on_commit_callbacks):
    _, internal = meetings
    internal.state = Meeting.State.HELD
    internal.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert schedule_pdfs(internal) == ["notice", "minutes"]


def test_a_pdf_not_ready_is_not_found(client_for, meeting, media, django_capture_on_commit_callbacks):
    client = client_for("council_member")
    assert client.get(f"/moter/{meeting.pk}/innkalling.pdf").status_code == 404  # never made
    with django_capture_on_commit_callbacks(execute=False):
        schedule_pdfs(meeting)
    assert client.get(f"/moter/{meeting.pk}/innkalling.pdf").status_code == 404  # being made
    assert client.get(f"/moter/{meeting.pk}/referat.pdf").status_code == 404  # not held yet


def test_status_fragment_shows_being_made_then_the_download(
    client_for, english, meeting, media, django_capture_on_commit_callbacks
):
    client = client_for("anonymous")
    url = f"/moter/{meeting.pk}/pdf/status/"

    def fragment() -> str:
        return " ".join(client.get(url).content.decode().split())

    assert fragment() == '<div id="meeting-pdfs"> <p class="ds-paragraph">No PDFs are made yet.</p> </div>'

    with django_capture_on_commit_callbacks() as callbacks:
        schedule_pdfs(meeting)
    assert fragment() == (
        f'<div id="meeting-pdfs" hx-get="/moter/{meeting.pk}/pdf/status/" hx-trigger="every 2s" hx-swap="outerHTML">'
        ' <ul class="ds-list"> <li> Notice with agenda: Being made… </li> </ul>'
        f' <p class="ds-paragraph"><a class="ds-link" href="/moter/{meeting.pk}/#pdfs-heading">Refresh</a></p> </div>'
    )

    for callback in callbacks:
        callback()
    size = meeting.pdfs.get().file.size
    assert fragment() == (
        '<div id="meeting-pdfs"> <ul class="ds-list"> <li>'
        f' <a class="ds-link" href="/moter/{meeting.pk}/innkalling.pdf">Notice with agenda</a>'
        f' <span class="muted">(PDF, {size / 1024:.1f} KB)</span> </li> </ul> </div>'
    )


def test_meeting_page_offers_the_pdfs_to_those_who_may_read_them(client_for, english, meeting, ready):
    make_form = f'<form method="post" action="/moter/{meeting.pk}/pdf/">'
    link = f'<a class="ds-link" href="/moter/{meeting.pk}/innkalling.pdf">Notice with agenda</a>'
    page = client_for("anonymous").get(f"/moter/{meeting.pk}/").content.decode()
    assert 'id="pdfs-heading"' not in page  # nothing made, nothing to do
    assert make_form in client_for("officer").get(f"/moter/{meeting.pk}/").content.decode()

    ready(meeting)
    page = client_for("anonymous").get(f"/moter/{meeting.pk}/").content.decode()
    assert link in page
    assert make_form not in page
    AgendaItem.objects.create(meeting=meeting, position=9, title="Tomtesalg", internal=True)
    assert link not in client_for("anonymous").get(f"/moter/{meeting.pk}/").content.decode()
    assert link in client_for("council_member").get(f"/moter/{meeting.pk}/").content.decode()


def test_making_the_pdfs_again_is_for_those_who_run_the_meeting(client_for, meeting, media, django_capture_on_commit_callbacks):
    url = f"/moter/{meeting.pk}/pdf/"
    assert client_for("council_member").post(url).status_code == 403
    assert client_for("anonymous").post(url)["Location"] == f"/konto/login/?next={url}"
    assert meeting.pdfs.count() == 0

    client = client_for("officer")
    assert client.get(url).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert (response.status_code, response["Location"]) == (302, f"/moter/{meeting.pk}/#pdfs-heading")
    assert list(meeting.pdfs.values_list("kind", "status")) == [("notice", "ready")]


@pytest.mark.browser
def test_the_meeting_page_polls_until_the_pdf_is_ready(page_for, meeting, media):
    MeetingPdf.objects.create(meeting=meeting, kind="notice", requested_at=timezone.now())  # asked for, task not run
    page = page_for("en")
    page.goto(f"/moter/{meeting.pk}/")
    expect(page.locator("#meeting-pdfs")).to_contain_text("Notice with agenda: Being made…")
    assert axe_violations(page) == []

    make_pdf(meeting, "notice")  # the worker finishes; the page is not reloaded

    link = page.get_by_role("link", name="Notice with agenda")
    expect(link).to_be_visible(timeout=10_000)
    expect(link).to_have_attribute("href", f"/moter/{meeting.pk}/innkalling.pdf")
    expect(page.locator("#meeting-pdfs")).not_to_have_attribute("hx-trigger", "every 2s")
    assert axe_violations(page) == []
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "innkalling-2027-02-16.pdf"


def test_notice_lists_the_open_follow_ups_of_the_series(settings, dialogue):
    settings.LANGUAGE_CODE = "nb"
    text = "\n".join(pdf_pages(render_notice_pdf(dialogue["public"])))
    assert "Oppfølging fra forrige møte" in text
    assert "Be Ruter om ny rute (Yngve Råd, 15.01.2027; Åpen)" in text
    assert "Sende referatet" not in text  # done


def test_a_follow_up_update_remakes_the_coming_notices(client_for, dialogue, django_capture_on_commit_callbacks):
    public, point = dialogue["public"], dialogue["follow_up"]
    with django_capture_on_commit_callbacks(execute=True):
        schedule_pdfs(public)
    before = MeetingPdf.objects.get(meeting=public, kind="notice")
    assert "Be Ruter om ny rute" in "\n".join(pdf_pages(before.file.open("rb").read()))
    with django_capture_on_commit_callbacks(execute=True):
        client_for("council_member").post(f"/moter/oppfolging/{point.pk}/", {"status": "done", "status_note": ""})
    notice = MeetingPdf.objects.get(meeting=public, kind="notice")
    assert notice.status == "ready"
    text = "\n".join(pdf_pages(notice.file.open("rb").read()))
    assert "Be Ruter om ny rute" not in text


def test_a_notice_listing_an_internal_follow_up_stays_in_the_circle(client_for, dialogue, ready):
    public = dialogue["public"]
    ready(public)
    url = f"/moter/{public.pk}/innkalling.pdf"
    # "Verdivurdering av tomten", agreed under an internal item of the earlier meeting, is on this notice.
    assert "Verdivurdering av tomten" in "\n".join(pdf_pages(render_notice_pdf(public)))
    assert client_for("anonymous").get(url).status_code == 403
    assert client_for("council_member").get(url).status_code == 200
    ActionPoint.objects.filter(title="Verdivurdering av tomten").update(status=ActionPoint.Status.DONE)
    assert client_for("anonymous").get(url).status_code == 200


def test_make_meeting_pdfs_queues_the_public_minutes_of_meetings_made_before_they_existed(
    dialogue, media, django_capture_on_commit_callbacks
):
    published = Meeting.objects.get(title="Dialogmøte 3/2026")
    MeetingPdf.objects.filter(meeting=published).delete()  # as before the upgrade: no public minutes
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("make_meeting_pdfs", stdout=out)
    kinds = sorted(MeetingPdf.objects.filter(meeting=published, status="ready").values_list("kind", flat=True))
    assert kinds == ["minutes", "notice", "public_minutes"]
    assert out.getvalue().startswith("Queued ")
