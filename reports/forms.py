from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from activities.models import Organisation
from countries.models import Country
from operations.models import Operation

from .exports import export_list_choices
from .models import Report


class DateInput(forms.DateInput):
    input_type = "date"


def language_choices() -> list[tuple[str, str]]:
    """The languages a report may be written in, each in its own name (as a language switch)."""
    return [(code, translation.get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES]


class LanguageField(forms.ChoiceField):
    """The language of the document: one of settings.LANGUAGES; blank: the requester's own."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Language"))
        kwargs.setdefault("help_text", _("The language the report is written in."))
        super().__init__(choices=language_choices, required=False, **kwargs)


class ReportLanguageMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The requester's language, preselected (read per request: the form is built per request).
        self.fields["language"].initial = translation.get_language()


class ReportRequestForm(ReportLanguageMixin, forms.Form):
    """The admin's "request a report" form; the service checks what the kind needs. The period is
    passed on as typed: the service reads it with the figures' one parser (stats.filters), so a
    bad date is the same error as in the stats API and on the dashboards."""

    kind = forms.ChoiceField(label=_("Kind"), choices=Report.Kind.choices)
    format = forms.ChoiceField(label=_("Format"), choices=Report.Format.choices)
    date_from = forms.CharField(label=_("From"), required=False, help_text=_("YYYY-MM-DD"), widget=DateInput)
    date_to = forms.CharField(label=_("To"), required=False, help_text=_("YYYY-MM-DD"), widget=DateInput)
    donor = forms.ModelChoiceField(
        label=_("Donor"),
        queryset=Organisation.objects.filter(kind=Organisation.Kind.DONOR).order_by("name"),
        required=False,
        empty_label=_("All donors"),
    )
    country = forms.ModelChoiceField(
        label=_("Country"), queryset=Country.objects.order_by("name"), required=False, to_field_name="iso2"
    )
    operation = forms.ModelChoiceField(
        label=_("Operation"), queryset=Operation.objects.order_by("code_name"), required=False
    )
    list = forms.ChoiceField(
        label=_("List to export"), choices=[("", "—"), *export_list_choices()], required=False
    )
    filters = forms.CharField(
        label=_("Filters"),
        required=False,
        help_text=_("The list's API query parameters, e.g. country=PE,CO&date_from=2021-01-01"),
    )
    language = LanguageField()

    def parameters(self) -> dict:
        from urllib.parse import parse_qs

        data = self.cleaned_data
        parameters = {
            "date_from": data.get("date_from") or "",
            "date_to": data.get("date_to") or "",
            "donor": data["donor"].pk if data.get("donor") else None,
            "country": data["country"].iso2 if data.get("country") else "",
            "operation": data["operation"].pk if data.get("operation") else None,
            "list": data.get("list") or "",
        }
        parsed = parse_qs(data.get("filters") or "", keep_blank_values=False)
        parameters["filters"] = {key: values[-1] for key, values in parsed.items()}
        return parameters


class BriefingRequestForm(ReportLanguageMixin, forms.Form):
    format = forms.ChoiceField(
        label=_("Format"), choices=[(Report.Format.PDF, "PDF"), (Report.Format.XLSX, "XLSX")], initial="pdf"
    )
    language = LanguageField()
