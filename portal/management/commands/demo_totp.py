import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.management.base import BaseCommand, CommandError

from portal.demo import DEMO_TOTP_SECRET, DEMO_USERS


class Command(BaseCommand):
    help = "Print the current two-factor code of the demo staff accounts (demo data only)."

    def handle(self, *args, **options):
        if not DEMO_USERS:
            raise CommandError("No demo users are defined.")
        counter = int(time.time()) // 30
        seconds_left = 30 - int(time.time()) % 30
        code = format_hotp_value(hotp_value(DEMO_TOTP_SECRET, counter))
        self.stdout.write(f"{code}  (valid for {seconds_left} more seconds; secret {DEMO_TOTP_SECRET})")
