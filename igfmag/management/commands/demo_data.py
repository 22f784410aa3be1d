from django.core.management.base import BaseCommand

from igfmag.demo import DEMO_LOGINS, DEMO_PASSWORD, load_demo_data


class Command(BaseCommand):
    help = "Loads the IGF 2021 demo cycle, teams, people and logins (idempotent)."

    def handle(self, *args, **options):
        cycle = load_demo_data()
        self.stdout.write(self.style.SUCCESS(f"Demo data for {cycle.name} is loaded."))
        self.stdout.write(f"Demo logins (password {DEMO_PASSWORD}, or sign in with an emailed code):")
        for email, what in DEMO_LOGINS:
            self.stdout.write(f"  {email:28} {what}")
