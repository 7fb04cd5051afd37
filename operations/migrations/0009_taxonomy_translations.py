# The data of 0008 in a migration of its own: the columns' indexes (created at the end of 0008)
# cannot be built in a transaction that has already updated the table's rows.

import json
from pathlib import Path

from django.db import migrations, models

SUBSTANCES_JSON = Path(__file__).resolve().parent.parent / "data" / "substances.json"


def translate_reference_taxonomy(apps, schema_editor):
    """The existing rows' English columns are their stored names; the reference taxonomy's rows
    (matched by English name) get their Spanish, French and Portuguese names where none is set."""
    SubstanceCategory = apps.get_model("operations", "SubstanceCategory")
    Substance = apps.get_model("operations", "Substance")
    # A new database has none yet (post_migrate adds them, translated), nor the audit triggers'
    # function an UPDATE would call.
    if not SubstanceCategory.objects.exists():
        return
    for model, fields in ((SubstanceCategory, ("name", "description")), (Substance, ("name",))):
        model.objects.update(**{f"{field}_en": models.F(field) for field in fields})
    with SUBSTANCES_JSON.open(encoding="utf-8") as json_file:
        categories = json.load(json_file)["categories"]
    for category in categories:
        for language, name in category["names"].items():
            SubstanceCategory.objects.filter(name=category["name"], **{f"name_{language}": None}).update(
                **{f"name_{language}": name}
            )
        for language, description in category["descriptions"].items():
            SubstanceCategory.objects.filter(
                name=category["name"],
                description=category["description"],
                **{f"description_{language}": None},
            ).update(**{f"description_{language}": description})
        for substance in category["substances"]:
            for language, name in substance["names"].items():
                Substance.objects.filter(name=substance["name"], **{f"name_{language}": None}).update(
                    **{f"name_{language}": name}
                )


class Migration(migrations.Migration):
    dependencies = [
        ("operations", "0008_taxonomy_per_language"),
    ]

    operations = [
        migrations.RunPython(translate_reference_taxonomy, migrations.RunPython.noop),
    ]
