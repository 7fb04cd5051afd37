from django.conf import settings
from django.core.management.base import BaseCommand

from demo.services import demo_load


class Command(BaseCommand):
    help = (
        "Load the demo data: the programme's reference records (countries and substances already "
        "come with migrate), the programme's documented events with their figures exact, the "
        "activities of 2016-2017 they count, and the demo accounts (password from DEMO_PASSWORD). "
        "Safe to run again: it only creates what is missing and never changes an existing row or "
        "password."
    )

    def handle(self, *args, **options):
        summary = demo_load(password=settings.DEMO_PASSWORD)
        if options["verbosity"] < 1:
            return
        if not summary.total:
            self.stdout.write("Demo data already loaded: nothing created or changed.")
            return
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded: {summary.total} records written."))
        for name, count in summary.as_dict().items():
            if count:
                self.stdout.write(f"  {name.replace('_', ' ')}: {count}")
