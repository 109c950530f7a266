import datetime

import pytest
from django.utils import timezone

from meetings.models import AgendaItem, Meeting, MeetingSeries, Participant, Visibility


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
