"""The columns of each import: header, whether required, an example and what it accepts."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .vocabularies import normalise


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    example: str
    help: Promise | str
    aliases: tuple[str, ...] = ()


ATTENDANCE_COLUMNS: tuple[Column, ...] = (
    Column("first_name", True, "María", _("Given name(s)."), ("first name", "given name", "nombre")),
    Column("last_name", True, "Quispe Huamán", _("Family name(s)."), ("last name", "surname", "apellido")),
    Column(
        "gender",
        False,
        "female",
        _(
            "female, male, another, not_recorded (also F / M, and the words in es, fr, pt). "
            "Empty: not recorded."
        ),
        ("sex",),
    ),
    Column(
        "country", True, "PE", _("ISO code (PE, PER, 604) or name in English, Spanish, French or Portuguese.")
    ),
    Column(
        "agency",
        False,
        "DIRANDRO",
        _("Name or acronym of an agency of the person's country, as recorded in the tracker."),
    ),
    Column(
        "professional_category",
        True,
        "police",
        _("See the list of categories below (code or name)."),
        ("category", "professional category"),
    ),
    Column(
        "email",
        False,
        "maria.quispe@example.org",
        _("Used to recognise people already recorded."),
        ("e-mail",),
    ),
    Column("job_title", False, "Investigator", _("Free text."), ("job title", "position")),
    Column(
        "role",
        False,
        "participant",
        _("participant, trainer, speaker, organiser, observer. Empty: participant."),
    ),
    Column("days_attended", False, "3", _("Whole days, at most the activity's duration."), ("days",)),
    Column("pre_test_score", False, "55", _("0 to 100."), ("pre test", "pre-test score")),
    Column("post_test_score", False, "80", _("0 to 100."), ("post test", "post-test score")),
)

SEIZURE_COLUMNS: tuple[Column, ...] = (
    Column("reference", False, "PE-2024-0001", _("Unique reference; empty: one is made from the import.")),
    Column("date", True, "2024-03-15", _("YYYY-MM-DD, or day/month/year or month/day/year as chosen.")),
    Column("country", True, "PE", _("Seizing country: ISO code or name (en, es, fr, pt).")),
    Column("place", True, "mail_centre", _("See the list of places below (code or name).")),
    Column("location", False, "Lima", _("City or facility."), ("city",)),
    Column("substance", True, "cocaine HCl", _("Substance name or one of its synonyms (list below).")),
    Column("quantity", True, "1.25", _("Greater than zero; a decimal point or comma.")),
    Column("unit", True, "kg", _("kg, g, mg, t, l, ml, tablet, unit, or a synonym (kgs, grams…).")),
    Column("conveyance", True, "mail", _("See the list of conveyances below (code or name).")),
    Column("detection", True, "raman", _("See the list of detection methods below (code or name).")),
    Column("origin_country", False, "CO", _("ISO code or name."), ("origin",)),
    Column("transit_countries", False, "EC;PA", _("ISO codes or names separated by ';'."), ("transit",)),
    Column("destination_country", False, "ES", _("ISO code or name."), ("destination",)),
    Column("arrests", False, "1", _("Whole number, 0 or more. Empty: 0.")),
    Column("notes", False, "", _("Free text.")),
)

COLUMNS = {"attendance": ATTENDANCE_COLUMNS, "seizures": SEIZURE_COLUMNS}


def header_key(text: str) -> str:
    return normalise(text.replace("_", " "))


def column_lookup(columns: tuple[Column, ...]) -> dict[str, Column]:
    lookup = {}
    for column in columns:
        lookup[header_key(column.name)] = column
        for alias in column.aliases:
            lookup[header_key(alias)] = column
    return lookup
