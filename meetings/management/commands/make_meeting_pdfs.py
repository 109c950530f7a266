"""Queue every meeting's PDFs again: after an upgrade that adds a kind (the public minutes), or a template change."""

from django.core.management.base import BaseCommand

from meetings.models import Meeting
from meetings.services.pdfs import schedule_pdfs


class Command(BaseCommand):
    help = "Queue the notice and minutes PDFs of every meeting that is not cancelled; the worker makes them."

    def handle(self, *args, **options):
        queued = 0
        for meeting in Meeting.objects.exclude(state=Meeting.State.CANCELLED).iterator():
            queued += len(schedule_pdfs(meeting))
        self.stdout.write(f"Queued {queued} PDFs.")
