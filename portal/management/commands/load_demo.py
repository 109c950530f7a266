from django.core.management.base import BaseCommand

from portal.demo import DEMO_PASSWORD, DEMO_USERS, load_demo


class Command(BaseCommand):
    help = "Load reference tables, sample businesses from Enhetsregisteret and one demo user per role. Idempotent."

    def handle(self, *args, **options):
        counts = load_demo()
        summary = ", ".join(f"{name}: {count}" for name, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded ({summary})."))
        if options["verbosity"] > 1:
            for email, _name, role, _language in DEMO_USERS:
                self.stdout.write(f"  {role.label:<28} {email}  /  {DEMO_PASSWORD}")
