"""Checking every row of a sheet against the programme's rules, before anything is written.

A validator loads its vocabularies in a few queries, then checks each row in memory: the number
of queries does not grow with the rows. Each row comes out as a `RowResult`: create, match or
error, with every error named by row (as the spreadsheet numbers it: the header is row 1) and by
column header. The models' own rules (`clean()`, choices, lengths) are applied here because the
writer uses bulk_create; the database constraints still guard the write.
"""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from activities.models import Activity
from core.access import access_for
from core.ranges import HAPPENED, date_error
from countries.names import display_name
from operations.calculations import seizure_mass_kg
from operations.models import COUNTRY_OUTSIDE_OPERATION, Operation, OperationCountry, Seizure
from people.models import Participation, Person
from people.selectors import (
    BY_EMAIL,
    BY_NAME,
    PersonMatches,
    participants_of,
    person_identity,
    person_matches,
)

from .columns import COLUMNS, Column, column_lookup, header_key
from .readers import FileError, Sheet, cell_text
from .vocabularies import (
    Vocabulary,
    load_agencies,
    load_countries,
    load_substances,
    normalise,
)

CREATE, MATCH, ERROR = "create", "match", "error"
_FORMULA_STARTS = ("=", "+", "-", "@")
_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")
_ISO_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_NUMERIC_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})$")
_NAMED_DATE = re.compile(r"^(\d{1,2})[ -]([A-Za-z]+)\.?[ -,]+(\d{4})$")
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_SEPARATORS = re.compile(r"\s*[;|]\s*")
_MAX_COUNT = Decimal(100_000_000)
# Digits a number may have, as the widest numeric column an import writes (a seizure's quantity).
_MAX_DIGITS = Seizure._meta.get_field("quantity").max_digits
_QUANTITY_PLACES = Seizure._meta.get_field("quantity").decimal_places
_MAX_ARRESTS = 10_000
# Progress is reported at most every this many percent: a bounded number of queries.
_PROGRESS_STEP = 5

ProgressCallback = Callable[[int], None]
# Named in error messages only: translated when one is written, not at every row.
_GENDER, _CATEGORY, _ROLE = gettext_lazy("gender"), gettext_lazy("category"), gettext_lazy("role")
_PLACE, _UNIT = gettext_lazy("place"), gettext_lazy("unit")
_CONVEYANCE, _DETECTION = gettext_lazy("conveyance"), gettext_lazy("detection method")


@dataclass
class RowResult:
    row: int
    action: str = CREATE
    label: str = ""
    detail: str = ""
    errors: list[tuple[str, str]] = field(default_factory=list)
    data: dict = field(default_factory=dict)

    def error(self, column: str, message: str) -> None:
        self.errors.append((column, message))
        self.action = ERROR


@dataclass
class Validation:
    results: list[RowResult]
    header: list[str]
    encoding: str = ""

    @property
    def errors(self) -> list[dict]:
        return [
            {"row": result.row, "column": column, "message": message}
            for result in self.results
            for column, message in result.errors
        ]

    def count(self, action: str) -> int:
        return sum(1 for result in self.results if result.action == action)


def parse_date(text: str, *, day_first: bool) -> datetime.date:
    match = _ISO_DATE.match(text)
    if match:
        year, month, day = (int(part) for part in match.groups())
    elif match := _NUMERIC_DATE.match(text):
        first, second, year_text = match.groups()
        if len(year_text) == 2:
            raise ValueError(_("Write the year with four digits."))
        day, month = (int(first), int(second)) if day_first else (int(second), int(first))
        year = int(year_text)
    elif match := _NAMED_DATE.match(text):
        day, month_name, year = int(match.group(1)), match.group(2).lower(), int(match.group(3))
        month = _MONTHS.get(month_name)
        if month is None:
            raise ValueError(_("Unknown month “%(month)s”.") % {"month": match.group(2)})
    else:
        raise ValueError(_("Not a date: write YYYY-MM-DD, or day/month/year or month/day/year as chosen."))
    try:
        return datetime.date(year, month, day)
    except ValueError as error:
        raise ValueError(_("Not a valid date.")) from error


def parse_decimal(text: str) -> Decimal:
    cleaned = text.replace("\u00a0", "").replace(" ", "").replace("\u202f", "")
    if "," in cleaned and "." in cleaned:
        decimal_mark = "," if cleaned.rfind(",") > cleaned.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        cleaned = cleaned.replace(thousands, "").replace(decimal_mark, ".")
    elif cleaned.count(",") == 1:
        if re.fullmatch(r"[+-]?\d{1,3},\d{3}", cleaned):
            raise ValueError(
                _("“%(value)s” is ambiguous: write it without a thousands separator, with a decimal point.")
                % {"value": text}
            )
        cleaned = cleaned.replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation as error:
        raise ValueError(_("Not a number.")) from error
    if not value.is_finite():
        raise ValueError(_("Not a number."))
    return value


def _places(value: Decimal) -> int:
    # From the digits themselves: normalize() overflows the context on an exponent like 1e999999999,
    # and rounds one like 1e-999999999 to zero.
    _sign, digits, exponent = value.as_tuple()
    if not isinstance(exponent, int) or not any(digits):
        return 0
    trailing_zeros = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    return max(0, -(exponent + trailing_zeros))


def _integer_digits(value: Decimal) -> int:
    """Digits before the decimal point (0 for a number below 1), without any arithmetic."""
    return 0 if not value or value.adjusted() < 0 else value.adjusted() + 1


def _in_array(column: str, values) -> RawSQL:
    """`column = ANY(array)`: one parameter however many values (no IN list of 100,000)."""
    return RawSQL(f"{column} = ANY(%s)", (list(values),), output_field=BooleanField())


class SheetValidator:
    """Shared by both kinds: headers, formula-looking cells, repeated rows, row bookkeeping."""

    kind: str

    def __init__(self, *, principal, progress: ProgressCallback | None = None):
        self.principal = principal
        self.access = access_for(principal)
        self.progress = progress
        self.columns: tuple[Column, ...] = COLUMNS[self.kind]
        self.vocabulary = Vocabulary()

    # -- the header ---------------------------------------------------------------------------

    def map_header(self, header: list[str]) -> dict[str, int]:
        lookup = column_lookup(self.columns)
        positions: dict[str, int] = {}
        unknown, repeated = [], []
        for index, title in enumerate(header):
            if not title:
                unknown.append(_("(column %(number)s, no header)") % {"number": index + 1})
                continue
            column = lookup.get(header_key(title))
            if column is None:
                unknown.append(title)
            elif column.name in positions:
                repeated.append(title)
            else:
                positions[column.name] = index
        problems = []
        if unknown:
            problems.append(
                _("Unknown columns: %(columns)s. The columns accepted are: %(accepted)s.")
                % {
                    "columns": ", ".join(unknown),
                    "accepted": ", ".join(column.name for column in self.columns),
                }
            )
        if repeated:
            problems.append(_("Columns given twice: %(columns)s.") % {"columns": ", ".join(repeated)})
        missing = [column.name for column in self.columns if column.required and column.name not in positions]
        if missing:
            problems.append(_("Missing required columns: %(columns)s.") % {"columns": ", ".join(missing)})
        if problems:
            raise FileError(" ".join(problems), row=1)
        return positions

    # -- the rows -----------------------------------------------------------------------------

    def validate(self, sheet: Sheet) -> Validation:
        positions = self.map_header(sheet.header)
        rows = []
        for number, cells in sheet.rows:
            width = len(cells)
            values = {
                name: cell_text(cells[index]) if index < width else "" for name, index in positions.items()
            }
            rows.append((number, values))
        self.load(rows)
        results = []
        seen: dict[tuple, int] = {}
        total, reported = len(rows), 0
        for position, (number, values) in enumerate(rows, start=1):
            result = RowResult(row=number)
            self.check_formulas(result, values)
            fingerprint = tuple(values.values())
            if fingerprint in seen:
                result.error("", _("This row repeats row %(row)s.") % {"row": seen[fingerprint]})
            else:
                seen[fingerprint] = number
                if not result.errors:
                    self.validate_row(result, values)
            results.append(result)
            if self.progress is not None:
                percent = 100 * position // total
                if percent >= reported + _PROGRESS_STEP:
                    reported = percent
                    self.progress(position)
        return Validation(results=results, header=sheet.header, encoding=sheet.encoding)

    def check_formulas(self, result: RowResult, values: dict[str, str]) -> None:
        for name, value in values.items():
            if value.startswith(_FORMULA_STARTS) and not _NUMBER.match(value):
                result.error(
                    name,
                    _("“%(value)s” looks like a spreadsheet formula: type the value itself.")
                    % {"value": value[:40]},
                )

    def load(self, rows: list[tuple[int, dict[str, str]]]) -> None:
        raise NotImplementedError

    def validate_row(self, result: RowResult, values: dict[str, str]) -> None:
        raise NotImplementedError

    # -- cells --------------------------------------------------------------------------------

    def required(self, result: RowResult, values: dict, name: str) -> str:
        value = values.get(name, "")
        if not value:
            result.error(name, _("This column is required."))
        return value

    def country(self, result: RowResult, values: dict, name: str, *, required: bool = False) -> int | None:
        value = self.required(result, values, name) if required else values.get(name, "")
        if not value:
            return None
        country_id = self.vocabulary.country(value)
        if country_id is None:
            result.error(name, _("Unknown country “%(value)s”.") % {"value": value})
        return country_id

    def in_edit_scope(self, result: RowResult, name: str, country_id: int | None) -> None:
        allowed = self.access.edit_country_ids
        if country_id is not None and allowed is not None and country_id not in allowed:
            result.error(
                name,
                _("You may only import records of the countries you are assigned to (not %(country)s).")
                % {"country": display_name(self.vocabulary.country_names.get(country_id, ""))},
            )

    def choice(
        self, result: RowResult, values: dict, name: str, lookup: dict, *, default=None, what=""
    ) -> str:
        value = values.get(name, "")
        if not value:
            if default is None:
                result.error(name, _("This column is required."))
            return default
        chosen = lookup.get(normalise(value))
        if chosen is None:
            result.error(name, _("Unknown %(what)s “%(value)s”.") % {"what": what, "value": value})
        return chosen

    def decimal(
        self,
        result: RowResult,
        values: dict,
        name: str,
        *,
        places: int,
        low=None,
        high=None,
        max_digits: int | None = _MAX_DIGITS,
    ) -> Decimal | None:
        value = values.get(name, "")
        if not value:
            return None
        try:
            number = parse_decimal(value)
        except ValueError as error:
            result.error(name, str(error))
            return None
        # Before any arithmetic: a number the database column cannot hold (1e308) is refused here,
        # not by an overflow in a conversion or the write.
        if max_digits is not None and _integer_digits(number) > max_digits - places:
            result.error(
                name,
                _("“%(value)s” is too large: at most %(digits)s digits before the decimal point.")
                % {"value": value[:40], "digits": max_digits - places},
            )
            return None
        if _places(number) > places:
            result.error(name, _("At most %(places)s decimal places.") % {"places": places})
            return None
        if (low is not None and number < low) or (high is not None and number > high):
            result.error(name, _("Between %(low)s and %(high)s.") % {"low": low, "high": high})
            return None
        return number

    def integer(self, result: RowResult, values: dict, name: str, *, low: int, high: int) -> int | None:
        # The range below is checked by comparison alone, which no magnitude overflows.
        number = self.decimal(result, values, name, places=0, max_digits=None)
        if number is None:
            return None
        if number < low or number > high:
            result.error(name, _("A whole number between %(low)s and %(high)s.") % {"low": low, "high": high})
            return None
        return int(number)

    def yes_or_empty(self, result: RowResult, values: dict, name: str) -> bool:
        """A column that is "yes" (in any interface language, or 1, true, x) or left empty."""
        value = normalise(values.get(name, ""))
        if value in ("", "no", "non", "nao", "0", "false"):
            return False
        if value in ("yes", "y", "si", "oui", "sim", "1", "true", "x"):
            return True
        result.error(name, _("Write yes, or leave it empty."))
        return False

    def text(self, result: RowResult, values: dict, name: str, *, max_length: int) -> str:
        value = values.get(name, "")
        if len(value) > max_length:
            result.error(name, _("At most %(max)s characters.") % {"max": max_length})
        return value


class AttendanceValidator(SheetValidator):
    """Rows of an attendance sheet: a person (matched or created) and their participation."""

    kind = "attendance"

    def __init__(self, *, activity: Activity, principal, progress: ProgressCallback | None = None):
        super().__init__(principal=principal, progress=progress)
        self.activity = activity
        self.matches = PersonMatches()
        self.attending: set[int] = set()
        self.seen_people: dict[object, int] = {}
        self.how_text = {
            BY_EMAIL: _("matched by e-mail"),
            BY_NAME: _(
                "matched by name, country and agency: the person recorded; if this is a namesake, "
                "write yes under another_person"
            ),
        }
        self.new_text = _("new person")
        self.namesake_text = _("new person, a namesake of one recorded (another_person: yes)")
        self.present_text = " — " + _("already attends this activity: left unchanged")

    def load(self, rows) -> None:
        load_countries(self.vocabulary)
        country_ids = set()
        emails = set()
        for _number, values in rows:
            country_id = self.vocabulary.country(values.get("country", ""))
            if country_id is not None:
                country_ids.add(country_id)
            if values.get("email"):
                emails.add(values["email"].lower())
        load_agencies(self.vocabulary, country_ids)
        # People who might match: by e-mail anywhere, by name in the countries of the sheet.
        self.matches = person_matches(emails=emails, country_ids=country_ids)
        self.attending = participants_of(activity=self.activity)

    def validate_row(self, result: RowResult, values: dict) -> None:
        vocabulary = self.vocabulary
        first_name = " ".join(self.required(result, values, "first_name").split())
        last_name = " ".join(self.required(result, values, "last_name").split())
        self.text(result, {"first_name": first_name}, "first_name", max_length=100)
        self.text(result, {"last_name": last_name}, "last_name", max_length=100)
        result.label = f"{first_name} {last_name}".strip()
        country_id = self.country(result, values, "country", required=True)
        self.in_edit_scope(result, "country", country_id)
        agency_id = None
        if values.get("agency") and country_id is not None:
            agency_id = vocabulary.agency(country_id, values["agency"])
            if agency_id is None:
                result.error(
                    "agency",
                    _("No agency “%(agency)s” of %(country)s is recorded.")
                    % {
                        "agency": values["agency"],
                        "country": display_name(vocabulary.country_names[country_id]),
                    },
                )
        gender = self.choice(
            result, values, "gender", vocabulary.genders, default=Person.Gender.NOT_RECORDED, what=_GENDER
        )
        category = self.choice(result, values, "professional_category", vocabulary.categories, what=_CATEGORY)
        email = values.get("email", "").lower()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                result.error("email", _("Not a valid e-mail address."))
        job_title = self.text(result, values, "job_title", max_length=200)
        role = self.choice(
            result, values, "role", vocabulary.roles, default=Participation.Role.PARTICIPANT, what=_ROLE
        )
        duration = self.activity.duration_days
        days = self.integer(result, values, "days_attended", low=0, high=duration)
        pre = self.decimal(result, values, "pre_test_score", places=2, low=0, high=100)
        post = self.decimal(result, values, "post_test_score", places=2, low=0, high=100)
        another = self.yes_or_empty(result, values, "another_person")
        if result.errors:
            return
        identity = person_identity(
            first_name=first_name,
            last_name=last_name,
            email=email,
            country_id=country_id,
            agency_id=agency_id,
        )
        if identity in self.seen_people:
            result.error(
                "email" if email else "last_name",
                _("The same person as row %(row)s.") % {"row": self.seen_people[identity]},
            )
            return
        self.seen_people[identity] = result.row
        found, how = self.matches.find(
            first_name=first_name,
            last_name=last_name,
            email=email,
            country_id=country_id,
            agency_id=agency_id,
        )
        if found is not None and found[1]:
            result.error(
                "email" if email else "last_name",
                _("This is an archived person (#%(id)s): restore them first.") % {"id": found[0]},
            )
            return
        if found is not None and another:
            if how == BY_EMAIL:
                result.error(
                    "another_person",
                    _(
                        "This e-mail is recorded person #%(id)s's, and one e-mail is one person: leave "
                        "another_person empty or correct the e-mail."
                    )
                    % {"id": found[0]},
                )
                return
            # A namesake: the person recorded is not this one, a new person is.
            found = None
        person_id = found[0] if found else None
        if person_id is not None:
            if ("id", person_id) in self.seen_people:
                result.error(
                    "",
                    _("The same person as row %(row)s.") % {"row": self.seen_people[("id", person_id)]},
                )
                return
            self.seen_people[("id", person_id)] = result.row
        result.action = MATCH if person_id else CREATE
        present = person_id is not None and person_id in self.attending
        result.detail = (
            self.how_text[how] if person_id else (self.namesake_text if another else self.new_text)
        )
        if present:
            result.detail += self.present_text
        result.data = {
            "person_id": person_id,
            "participation_present": present,
            "person": {
                "first_name": first_name,
                "last_name": last_name,
                "email": email,
                "gender": gender,
                "country_id": country_id,
                "agency_id": agency_id,
                "professional_category": category,
                "job_title": job_title,
            },
            "participation": {
                "role": role,
                "days_attended": days,
                "pre_test_score": pre,
                "post_test_score": post,
            },
        }


class SeizureValidator(SheetValidator):
    """Rows of seizure records, optionally all of one operation."""

    kind = "seizures"

    def __init__(
        self,
        *,
        operation: Operation | None,
        principal,
        day_first: bool = True,
        progress: ProgressCallback | None = None,
    ):
        super().__init__(principal=principal, progress=progress)
        self.operation = operation
        self.day_first = day_first
        self.operation_countries: set[int] = set()
        self.existing_references: set[str] = set()
        self.references: dict[str, int] = {}
        self.today = datetime.date.today()
        self.new_text = _("new seizure")
        self.max_kg = Decimal(settings.IMPORT_MAX_SEIZURE_KG)

    def load(self, rows) -> None:
        load_countries(self.vocabulary)
        load_substances(self.vocabulary)
        references = {values["reference"] for _number, values in rows if values.get("reference")}
        if references:
            self.existing_references = set(
                Seizure.objects.filter(_in_array("reference", references)).values_list("reference", flat=True)
            )
        if self.operation is not None:
            self.operation_countries = set(
                OperationCountry.objects.filter(operation=self.operation).values_list("country_id", flat=True)
            )

    def validate_row(self, result: RowResult, values: dict) -> None:
        vocabulary = self.vocabulary
        reference = self.text(result, values, "reference", max_length=60)
        if reference:
            result.label = reference
            if reference in self.existing_references:
                result.error("reference", _("A seizure with this reference is already recorded."))
            elif reference in self.references:
                result.error(
                    "reference",
                    _("The same reference as row %(row)s.") % {"row": self.references[reference]},
                )
            else:
                self.references[reference] = result.row
        date_text = self.required(result, values, "date")
        date = None
        if date_text:
            try:
                date = parse_date(date_text, day_first=self.day_first)
            except ValueError as error:
                result.error("date", str(error))
            else:
                # The records' own rule (core.ranges): not in the future, not before the programme.
                implausible = date_error(date, HAPPENED)
                if date > self.today:
                    result.error("date", _("A seizure cannot be dated in the future."))
                elif implausible:
                    result.error("date", implausible)
        country_id = self.country(result, values, "country", required=True)
        self.in_edit_scope(result, "country", country_id)
        if (
            self.operation is not None
            and country_id is not None
            and country_id not in self.operation_countries
        ):
            result.error("country", COUNTRY_OUTSIDE_OPERATION)
        place = self.choice(result, values, "place", vocabulary.places, what=_PLACE)
        location = self.text(result, values, "location", max_length=200)
        substance = None
        if substance_text := self.required(result, values, "substance"):
            substance = vocabulary.substance(substance_text)
            if substance is None:
                result.error("substance", _("Unknown substance “%(value)s”.") % {"value": substance_text})
        unit = self.choice(result, values, "unit", vocabulary.units, what=_UNIT)
        quantity = None
        if self.required(result, values, "quantity"):
            quantity = self.decimal(result, values, "quantity", places=_QUANTITY_PLACES)
            if quantity is not None and quantity <= 0:
                result.error("quantity", _("The quantity must be greater than zero."))
                quantity = None
        conveyance = self.choice(result, values, "conveyance", vocabulary.conveyances, what=_CONVEYANCE)
        detection = self.choice(result, values, "detection", vocabulary.detections, what=_DETECTION)
        origin_id = self.country(result, values, "origin_country")
        destination_id = self.country(result, values, "destination_country")
        transit_ids = []
        for name in _SEPARATORS.split(values.get("transit_countries", "")):
            if name:
                transit_id = vocabulary.country(name)
                if transit_id is None:
                    result.error("transit_countries", _("Unknown country “%(value)s”.") % {"value": name})
                else:
                    transit_ids.append(transit_id)
        arrests = 0
        if values.get("arrests"):
            arrests = self.integer(result, values, "arrests", low=0, high=_MAX_ARRESTS)
        notes = values.get("notes", "")
        mass = None
        if quantity is not None and unit and substance is not None:
            mass = seizure_mass_kg(
                quantity=quantity,
                unit=unit,
                density_kg_per_l=substance.density_kg_per_l,
                unit_mass_g=substance.unit_mass_g,
            )
            plausible = True
            if mass.kg is not None:
                plausible = mass.kg <= self.max_kg
            elif unit in (Seizure.Unit.L, Seizure.Unit.ML):
                plausible = quantity * (Decimal("0.001") if unit == Seizure.Unit.ML else 1) <= self.max_kg
            else:
                plausible = quantity <= _MAX_COUNT
            if not plausible:
                result.error(
                    "quantity",
                    _(
                        "%(quantity)s %(unit)s is beyond what one seizure can plausibly be: "
                        "check the quantity and unit."
                    )
                    % {"quantity": values["quantity"], "unit": values["unit"]},
                )
        if result.errors:
            return
        if not result.label:
            result.label = f"{date.isoformat()} {substance.name} {quantity} {unit}"
        result.action = CREATE
        result.detail = self.new_text
        result.data = {
            "reference": reference,
            "date": date,
            "country_id": country_id,
            "place": place,
            "location": location,
            "substance_id": substance.pk,
            "quantity": quantity,
            "unit": unit,
            "mass_kg": mass.kg,
            "mass_status": mass.status,
            "conveyance": conveyance,
            "detection": detection,
            "origin_country_id": origin_id,
            "destination_country_id": destination_id,
            "transit_ids": list(dict.fromkeys(transit_ids)),
            "arrests": arrests,
            "notes": notes,
        }
