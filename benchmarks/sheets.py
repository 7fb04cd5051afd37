"""The import benchmark's sheets: CSV files as programme staff send them (mixed spellings of
genders, categories, substances, units, countries in several languages, day-first dates), the
same content for the same number of rows from one run to the next."""

from __future__ import annotations

import csv
import io
import random

COUNTRIES = ["PE", "CO", "EC", "BO", "PA", "DO", "PY", "UY", "NG", "GH"]


def _csv(header: list[str], rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def attendance_sheet(rows: int) -> bytes:
    rng = random.Random(7)
    categories = ["police", "customs", "prosecutor", "judge", "analyst", "border officer", "Forensic expert"]
    header = [
        "first_name", "last_name", "gender", "country", "agency", "professional_category", "email",
        "role", "days_attended", "pre_test_score", "post_test_score",
    ]  # fmt: skip
    return _csv(
        header,
        (
            [
                f"Nombre{n}",
                f"Apellido Pérez {n}",
                rng.choice(["F", "M", "female", "masculino"]),
                rng.choice(COUNTRIES),
                "",
                rng.choice(categories),
                f"bench.person{n}@example.org" if n % 4 else "",
                "participant",
                rng.randint(1, 3),
                rng.randint(20, 60),
                f"{rng.randint(60, 99)}.5",
            ]
            for n in range(rows)
        ),
    )


def seizure_sheet(rows: int) -> bytes:
    rng = random.Random(11)
    substances = [
        "cocaine HCl", "Cocaine base and paste", "marijuana", "fentanyl", "Tramadol", "MDMA", "acetone",
    ]  # fmt: skip
    units = {"acetone": ["l", "litres"], "MDMA": ["tablets", "kg"], "Tramadol": ["tablets", "g"]}
    header = [
        "reference", "date", "country", "place", "location", "substance", "quantity", "unit", "conveyance",
        "detection", "origin_country", "transit_countries", "destination_country", "arrests",
    ]  # fmt: skip

    def row(n: int) -> list:
        substance = rng.choice(substances)
        return [
            f"BENCH-{n:06d}",
            f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(2019, 2024)}",
            rng.choice(COUNTRIES),
            rng.choice(["mail_centre", "Courier hub", "airport", "seaport"]),
            "Lima",
            substance,
            f"{rng.randint(1, 5000)}.{rng.randint(0, 999):03d}",
            rng.choice(units.get(substance, ["kg", "kgs", "g", "grams"])),
            rng.choice(["mail", "courier", "air_cargo", "container"]),
            rng.choice(["raman", "profiling", "canine", "scanner"]),
            rng.choice(["CO", "Bolivia", "Perú", ""]),
            rng.choice(["", "EC", "PA;EC"]),
            rng.choice(["ES", "Países Bajos", "US", ""]),
            rng.randint(0, 3),
        ]

    return _csv(header, (row(n) for n in range(rows)))
