from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.translation import gettext as _

from core.trigram import trigram_indexes_create


class Command(BaseCommand):
    help = _(
        "Creates pg_trgm and the trigram indexes behind searches, on a server that has pg_trgm "
        "(migrations leave them out on one that has not, such as the embedded server of make run)."
    )

    def handle(self, *args, **options):
        names = trigram_indexes_create(connection, apps)
        if not names:
            raise CommandError(_("This PostgreSQL server has no pg_trgm extension: no index was created."))
        self.stdout.write(_("Trigram indexes present: %(names)s") % {"names": ", ".join(names)})
