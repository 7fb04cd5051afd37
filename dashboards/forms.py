"""The dashboards' filters: a GET form whose values stay in the URL, validated into `StatsFilters`."""

from django import forms
from django.utils.translation import gettext_lazy as _

from activities.models import Organisation, Pillar
from core.access import visible
from countries.models import Country
from stats.selectors import StatsFilters

# The parameters a dashboard reads: anything else in the query string (a tracking tag) is ignored.
FILTER_FIELDS = ("date_from", "date_to", "pillar", "donor", "region")


class DateInput(forms.DateInput):
    input_type = "date"


class DashboardFilterForm(forms.Form):
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput(format="%Y-%m-%d"))
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput(format="%Y-%m-%d"))
    pillar = forms.ModelChoiceField(
        label=_("Pillar"),
        queryset=Pillar.objects.none(),
        to_field_name="number",
        required=False,
        empty_label=_("All pillars"),
    )
    donor = forms.ModelChoiceField(
        label=_("Donor"), queryset=Organisation.objects.none(), required=False, empty_label=_("All donors")
    )
    region = forms.ChoiceField(label=_("Region"), required=False)

    def __init__(self, data=None, *, user, with_region: bool = True):
        super().__init__(data)
        self.fields["pillar"].queryset = visible(Pillar, user).order_by("number")
        self.fields["pillar"].label_from_instance = lambda pillar: f"{pillar.number}. {pillar.name}"
        self.fields["donor"].queryset = (
            visible(Organisation, user).filter(kind=Organisation.Kind.DONOR).order_by("name")
        )
        if with_region:
            self.fields["region"].choices = [("", _("All regions")), *region_choices()]
        else:
            # A country page is about one country: a region would only narrow it to nothing.
            del self.fields["region"]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end of the period is before its start."))
        return cleaned

    def filters(self, **extra) -> StatsFilters:
        data = self.cleaned_data
        return StatsFilters(
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            region=data.get("region") or "",
            pillars=(data["pillar"],) if data.get("pillar") else (),
            donors=(data["donor"],) if data.get("donor") else (),
            **extra,
        )

    def cache_key_part(self) -> dict:
        """The cleaned values, as plain data for a cache key."""
        data = self.cleaned_data
        return {
            "date_from": data["date_from"].isoformat() if data.get("date_from") else "",
            "date_to": data["date_to"].isoformat() if data.get("date_to") else "",
            "pillar": data["pillar"].number if data.get("pillar") else "",
            "donor": data["donor"].pk if data.get("donor") else "",
            "region": data.get("region") or "",
        }


def region_choices() -> list[tuple[str, str]]:
    """UN M49 regions and sub-regions that hold a country, one query."""
    names = set()
    for region, sub_region in Country.objects.values_list("region", "sub_region").distinct():
        names.update(name for name in (region, sub_region) if name)
    return [(name, name) for name in sorted(names)]


def filter_form(request, *, with_region: bool = True) -> DashboardFilterForm:
    """The form bound to the request's filter parameters (always bound: no value means no filter)."""
    data = {name: request.GET.get(name, "") for name in FILTER_FIELDS}
    return DashboardFilterForm(data, user=request.user, with_region=with_region)
