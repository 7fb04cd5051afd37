"""The columns of each import: header, whether required, an example and what it accepts.

The documented headers (`Column.name`) are the machine interface and stay in English; a file may
also head a column with one of its English `aliases` or with a header in Spanish, French or
Portuguese (`HEADER_SYNONYMS`, with the programme glossary's words where it has them), whatever the
uploader's language. Headers are matched without regard to case, accents or punctuation.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

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
    # What the column holds: "text", "date", "integer" or "decimal". The XLSX template's example
    # is a cell of that type (a date cell, a number), as a filled-in sheet would have it.
    type: str = "text"

    def example_value(self):
        """The example as the XLSX template's cell holds it (the CSV's is `example`)."""
        if not self.example:
            return None
        if self.type == "date":
            return datetime.date.fromisoformat(self.example)
        if self.type == "integer":
            return int(self.example)
        if self.type == "decimal":
            return Decimal(self.example)
        return self.example


ATTENDANCE_COLUMNS: tuple[Column, ...] = (
    Column("first_name", True, "María", _("Given name(s)."), ("first name", "given name")),
    Column("last_name", True, "Quispe Huamán", _("Family name(s)."), ("last name", "surname")),
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
    Column(
        "days_attended",
        False,
        "3",
        _("Whole days, at most the activity's duration."),
        ("days",),
        type="integer",
    ),
    Column("pre_test_score", False, "55", _("0 to 100."), ("pre test", "pre-test score"), type="integer"),
    Column("post_test_score", False, "80", _("0 to 100."), ("post test", "post-test score"), type="integer"),
    Column(
        "another_person",
        False,
        "",
        _(
            "yes when the row is not the person recorded under the same name in the same country and "
            "agency (a namesake): a new person is recorded. Empty: the recorded person is used."
        ),
        ("namesake", "new person"),
    ),
)

SEIZURE_COLUMNS: tuple[Column, ...] = (
    Column("reference", False, "PE-2024-0001", _("Unique reference; empty: one is made from the import.")),
    Column(
        "date",
        True,
        "2024-03-15",
        _("YYYY-MM-DD, or day/month/year or month/day/year as chosen."),
        type="date",
    ),
    Column("country", True, "PE", _("Seizing country: ISO code or name (en, es, fr, pt).")),
    Column("place", True, "mail_centre", _("See the list of places below (code or name).")),
    Column("location", False, "Lima", _("City or facility."), ("city",)),
    Column("substance", True, "cocaine HCl", _("Substance name or one of its synonyms (list below).")),
    Column("quantity", True, "1.25", _("Greater than zero; a decimal point or comma."), type="decimal"),
    Column("unit", True, "kg", _("kg, g, mg, t, l, ml, tablet, unit, or a synonym (kgs, grams…).")),
    Column("conveyance", True, "mail", _("See the list of conveyances below (code or name).")),
    Column("detection", True, "raman", _("See the list of detection methods below (code or name).")),
    Column("origin_country", False, "CO", _("ISO code or name."), ("origin",)),
    Column("transit_countries", False, "EC;PA", _("ISO codes or names separated by ';'."), ("transit",)),
    Column("destination_country", False, "ES", _("ISO code or name."), ("destination",)),
    Column("arrests", False, "1", _("Whole number, 0 or more. Empty: 0."), type="integer"),
    Column("notes", False, "", _("Free text.")),
)

COLUMNS = {"attendance": ATTENDANCE_COLUMNS, "seizures": SEIZURE_COLUMNS}

# Per import, per language: the headers accepted for each column besides its documented name (the
# first one is the one the template's instructions show). Words of the glossary: "incautación"
# (and "decomiso"), "apreensão", "saisie"; "detención", "arrestation", "detenção"…
HEADER_SYNONYMS: dict[str, dict[str, dict[str, tuple[str, ...]]]] = {
    "attendance": {
        "es": {
            "first_name": ("nombre", "nombres", "nombre de pila"),
            "last_name": ("apellidos", "apellido"),
            "gender": ("sexo", "género"),
            "country": ("país", "nacionalidad"),
            "agency": ("institución", "organismo", "agencia"),
            "professional_category": ("categoría profesional", "categoría"),
            "email": ("correo electrónico", "correo"),
            "job_title": ("cargo", "puesto"),
            "role": ("rol", "papel"),
            "days_attended": ("días de asistencia", "días"),
            "pre_test_score": ("puntuación de la prueba inicial", "prueba inicial"),
            "post_test_score": ("puntuación de la prueba final", "prueba final"),
            "another_person": ("otra persona", "homónimo"),
        },
        "fr": {
            "first_name": ("prénom", "prénoms"),
            "last_name": ("nom", "nom de famille"),
            "gender": ("sexe", "genre"),
            "country": ("pays", "nationalité"),
            "agency": ("institution", "organisme", "agence", "service"),
            "professional_category": ("catégorie professionnelle", "catégorie"),
            "email": ("courriel", "adresse électronique"),
            "job_title": ("fonction", "poste", "titre"),
            "role": ("rôle",),
            "days_attended": ("jours de présence", "jours"),
            "pre_test_score": ("note du test initial", "test initial"),
            "post_test_score": ("note du test final", "test final"),
            "another_person": ("autre personne", "homonyme"),
        },
        "pt": {
            "first_name": ("nome", "prenome", "primeiro nome"),
            "last_name": ("sobrenome", "apelido"),
            "gender": ("sexo", "gênero", "género"),
            "country": ("país", "nacionalidade"),
            "agency": ("instituição", "órgão", "agência"),
            "professional_category": ("categoria profissional", "categoria"),
            "email": ("correio eletrônico", "correio electrónico"),
            "job_title": ("cargo", "função"),
            "role": ("papel",),
            "days_attended": ("dias de presença", "dias"),
            "pre_test_score": ("nota do pré-teste", "pré-teste"),
            "post_test_score": ("nota do pós-teste", "pós-teste"),
            "another_person": ("outra pessoa", "homônimo"),
        },
    },
    "seizures": {
        "es": {
            "reference": ("referencia",),
            "date": ("fecha", "fecha de incautación", "fecha del decomiso"),
            "country": ("país", "país de incautación"),
            "place": ("lugar", "lugar de incautación"),
            "location": ("localidad", "ciudad", "ubicación"),
            "substance": ("sustancia", "droga"),
            "quantity": ("cantidad",),
            "unit": ("unidad",),
            "conveyance": ("medio de transporte", "transporte"),
            "detection": ("método de detección", "detección"),
            "origin_country": ("país de origen", "origen"),
            "transit_countries": ("países de tránsito", "tránsito"),
            "destination_country": ("país de destino", "destino"),
            "arrests": ("detenciones", "arrestos"),
            "notes": ("notas", "observaciones"),
        },
        "fr": {
            "reference": ("référence",),
            "date": ("date de saisie",),
            "country": ("pays", "pays de saisie"),
            "place": ("lieu", "lieu de saisie"),
            "location": ("localité", "ville"),
            "substance": ("drogue",),
            "quantity": ("quantité",),
            "unit": ("unité",),
            "conveyance": ("moyen de transport", "transport"),
            "detection": ("méthode de détection", "détection"),
            "origin_country": ("pays d'origine", "origine"),
            "transit_countries": ("pays de transit", "transit"),
            "destination_country": ("pays de destination",),
            "arrests": ("arrestations", "interpellations"),
            "notes": ("remarques", "observations"),
        },
        "pt": {
            "reference": ("referência",),
            "date": ("data", "data da apreensão"),
            "country": ("país", "país da apreensão"),
            "place": ("local", "local da apreensão"),
            "location": ("localidade", "cidade"),
            "substance": ("substância", "droga"),
            "quantity": ("quantidade",),
            "unit": ("unidade",),
            "conveyance": ("meio de transporte", "transporte"),
            "detection": ("método de detecção", "detecção", "método de deteção"),
            "origin_country": ("país de origem", "origem"),
            "transit_countries": ("países de trânsito", "trânsito"),
            "destination_country": ("país de destino", "destino"),
            "arrests": ("detenções", "prisões"),
            "notes": ("notas", "observações"),
        },
    },
}


def header_key(text: str) -> str:
    return normalise(text.replace("_", " "))


def _kind(columns: tuple[Column, ...]) -> str:
    return next(kind for kind, known in COLUMNS.items() if known is columns)


def header_synonyms(columns: tuple[Column, ...], language: str) -> dict[str, tuple[str, ...]]:
    """The headers in `language` accepted for each of `columns` (none for English: its aliases)."""
    return HEADER_SYNONYMS[_kind(columns)].get(language.split("-")[0], {})


def column_lookup(columns: tuple[Column, ...]) -> dict[str, Column]:
    """Every accepted header, normalised, to its column: the name, the aliases and the synonyms in
    every language. A header that would name two columns is a mistake of this table: raised."""
    by_name = {column.name: column for column in columns}
    lookup: dict[str, Column] = {}

    def add(header: str, column: Column) -> None:
        key = header_key(header)
        if lookup.setdefault(key, column) is not column:
            raise ValueError(f"The header {header!r} would name {lookup[key].name} and {column.name}.")

    for column in columns:
        for header in (column.name, *column.aliases):
            add(header, column)
    for synonyms in HEADER_SYNONYMS[_kind(columns)].values():
        for name, headers in synonyms.items():
            for header in headers:
                add(header, by_name[name])
    return lookup
