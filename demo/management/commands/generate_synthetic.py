import argparse

from django.core.management.base import BaseCommand, CommandError

from demo.synthetic import synthetic_generate


def _count(value: str) -> int:
    number = int(value)
    if number < 0:
        raise argparse.ArgumentTypeError("must be zero or more")
    return number


class Command(BaseCommand):
    help = (
        "Add a scale data set of synthetic records for benchmarks: activities, operations, people, "
        "participations, seizures and cases, over the reference data of load_demo. Each run adds "
        "a new set under its own SCALE-<token> prefix."
    )

    def add_arguments(self, parser):
        parser.add_argument("--activities", type=_count, default=10_000)
        parser.add_argument("--people", type=_count, default=100_000)
        parser.add_argument("--participations", type=_count, default=300_000)
        parser.add_argument("--seizures", type=_count, default=1_000_000)
        parser.add_argument("--cases", type=_count, default=20_000)
        parser.add_argument("--batch-size", type=_count, default=50_000, help="rows per COPY statement")
        parser.add_argument("--seed", type=int, default=0, help="the same seed gives the same content")

    def handle(self, *args, **options):
        try:
            summary = synthetic_generate(
                activities=options["activities"],
                people=options["people"],
                participations=options["participations"],
                seizures=options["seizures"],
                cases=options["cases"],
                batch_size=options["batch_size"],
                seed=options["seed"],
                progress=self.report_progress if options["verbosity"] else None,
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Added the synthetic set {summary.prefix}:")
        for table, load in summary.tables.items():
            self.stdout.write(
                f"  {table:<40} {load.rows:>10,} rows {load.seconds:>8.1f} s "
                f"{load.rows_per_second:>10,.0f} rows/s"
            )
        self.stdout.write(f"  {'commit':<40} {'':>15} {summary.commit_seconds:>8.1f} s")
        self.stdout.write(f"  {'analyze':<40} {'':>15} {summary.analyze_seconds:>8.1f} s")
        self.stdout.write(self.style.SUCCESS(f"Done in {summary.seconds:.1f} s."))

    def report_progress(self, table: str, done: int, total: int) -> None:
        self.stdout.write(f"  {table}: {done:,} / {total:,}")
        self.stdout.flush()
