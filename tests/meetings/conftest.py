import datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from meetings.models import (
    ActionPoint,
    AgendaItem,
    CalendarFeed,
    Document,
    ItemProposal,
    Meeting,
    MeetingSeries,
    Participant,
    Visibility,
)


@pytest.fixture
def meetings(personas):
    """A public and an internal meeting of the council series, next week; the council member is invited to both."""
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=7)
    series = MeetingSeries.objects.create(name="Dialogmøte næringsråd–kommunedirektør", organiser=personas.officer)
    series.members.add(personas.council_member)

    def make(title, visibility, **extra):
        meeting = Meeting.objects.create(
            series=series,
            title=title,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=2),
            place="Rådhuset",
            online_url="https://meet.example/abc",
            organiser=personas.officer,
            visibility=visibility,
            **extra,
        )
        Participant.objects.create(
            meeting=meeting, user=personas.council_member, email=personas.council_member.email, name="Yngve Råd"
        )
        Participant.objects.create(meeting=meeting, email="gjest@bedrift.example", name="Gjest Gjestesen")
        return meeting

    public = make("Dialogmøte 1/2027", Visibility.PUBLIC)
    internal = make("Strategisamling (intern)", Visibility.INTERNAL)
    item = AgendaItem.objects.create(
        meeting=public, position=1, title="Nytt næringsareal på Fornebu", duration_minutes=30, presenter="Kommunedirektøren"
    )
    item.businesses.add(personas.business)
    AgendaItem.objects.create(meeting=public, position=2, title="Oppfølging fra forrige møte", duration_minutes=15)
    return public, internal


@pytest.fixture
def dialogue(personas, meetings):
    """The whole cycle around the public meeting: an earlier held meeting with an open action point and an
    internal item, a meeting with published minutes, a proposal, documents and a private calendar feed."""
    public, internal = meetings
    public.proposal_deadline = public.starts_at - datetime.timedelta(days=2)
    public.save(update_fields=["proposal_deadline"])
    earlier_start = public.starts_at - datetime.timedelta(days=90)
    held = Meeting.objects.create(
        series=public.series,
        title="Dialogmøte 4/2026",
        starts_at=earlier_start,
        ends_at=earlier_start + datetime.timedelta(hours=2),
        place="Rådhuset",
        organiser=personas.officer,
        visibility=Visibility.PUBLIC,
        state=Meeting.State.HELD,
    )
    Participant.objects.create(meeting=held, user=personas.council_member, email=personas.council_member.email, name="Yngve Råd")
    open_item = AgendaItem.objects.create(meeting=held, position=1, title="Kollektivtilbud til næringsparken")
    secret_item = AgendaItem.objects.create(meeting=held, position=2, title="Tomtesalg (unntatt offentlighet)", internal=True)
    follow_up = ActionPoint.objects.create(
        meeting=held,
        agenda_item=open_item,
        title="Be Ruter om ny rute",
        owner=personas.council_member,
        due_date=datetime.date(2027, 1, 15),
    )
    ActionPoint.objects.create(
        meeting=held, agenda_item=secret_item, title="Verdivurdering av tomten", owner_name="Eiendomsavdelingen", internal=True
    )
    ActionPoint.objects.create(meeting=held, title="Sende referatet", owner=personas.officer, status=ActionPoint.Status.DONE)
    published_start = earlier_start - datetime.timedelta(days=90)
    published = Meeting.objects.create(
        series=public.series,
        title="Dialogmøte 3/2026",
        starts_at=published_start,
        ends_at=published_start + datetime.timedelta(hours=2),
        place="Rådhuset",
        organiser=personas.officer,
        visibility=Visibility.PUBLIC,
        state=Meeting.State.MINUTES_PUBLISHED,
        minutes_published_at=published_start + datetime.timedelta(days=5),
    )
    AgendaItem.objects.create(
        meeting=published, position=1, title="Næringsarealer", decision="Kommunen kartlegger ledige arealer."
    )
    AgendaItem.objects.create(meeting=published, position=2, title="Personalsak", internal=True, notes="Fortrolig")
    proposal = ItemProposal.objects.create(meeting=public, proposed_by=personas.council_member, title="Parkering i sentrum")
    public_item = public.agenda.get(position=1)

    def attach(item, title, filename):
        document = Document(
            meeting=item.meeting,
            agenda_item=item,
            title=title,
            filename=filename,
            content_type="application/pdf",
            size=9,
            uploaded_by=personas.officer,
        )
        document.file.save(filename, ContentFile(b"%PDF-1.4\n"), save=True)
        return document

    document = attach(public_item, "Kart over Fornebu", "kart.pdf")
    secret_document = attach(secret_item, "Takst", "takst.pdf")
    feed = CalendarFeed.objects.create(user=personas.council_member, token="council-feed-token")
    return {
        "public": public,
        "internal": internal,
        "held": held,
        "published": published,
        "follow_up": follow_up,
        "proposal": proposal,
        "document": document,
        "secret_document": secret_document,
        "public_item": public_item,
        "feed": feed,
    }


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
