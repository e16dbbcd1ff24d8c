from django.core.management.base import BaseCommand
from django.db import transaction

from claims.counters import counters_refresh
from claims.models import Entity, Speaker


class Command(BaseCommand):
    help = (
        "Recompute the stored quote and claim counts of every speaker and topic from the rows (after rows were "
        "written without the services, e.g. a bulk load or a restore)."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            counters_refresh()
        self.stdout.write(
            f"Counters recomputed for {Speaker.objects.count()} speakers and {Entity.objects.count()} topics."
        )
