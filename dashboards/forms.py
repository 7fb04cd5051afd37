"""The dashboards' filters: the figures' one parser (`stats.filters.StatsFilterSet`) reads them from
the query string, so a view can be bookmarked and shared; its form is shown on the page, with the
pillars, donors and regions to pick from."""

from django import forms
from django.utils.translation import gettext_lazy as _

from activities.models import Organisation
from activities.selectors import organisation_list, pillar_list
from countries.models import Country
from stats.filters import StatsFilterSet

# The parameters a dashboard reads: anything else in the query string (a tracking tag) is ignored.
FILTER_FIELDS = ("date_from", "date_to", "pillar", "donor", "region")


def filter_set(request, *, with_region: bool = True) -> StatsFilterSet:
    """The request's filters, parsed (always bound: no value means no filter). A country page is
    about one country: a region would only narrow it to nothing, so it has none."""
    names = [name for name in FILTER_FIELDS if with_region or name != "region"]
    return StatsFilterSet(request.GET, user=request.user, only=names)


def offer_choices(filters: StatsFilterSet, *, user) -> forms.Form:
    """The filters' form as the page shows it, with lists to pick from where the parser reads a
    code: what a person chooses is what the API would be given (a pillar's number, a donor's id,
    a region's name)."""
    form = filters.form
    pillars = pillar_list(user=user)
    form.fields["pillar"].widget = forms.Select(
        choices=[
            ("", _("All pillars")),
            *((pillar.number, f"{pillar.number}. {pillar.name}") for pillar in pillars),
        ]
    )
    donors = organisation_list(user=user, filters={"kind": Organisation.Kind.DONOR})
    form.fields["donor"].widget = forms.Select(
        choices=[("", _("All donors")), *((donor.pk, str(donor)) for donor in donors)]
    )
    if "region" in form.fields:
        form.fields["region"].widget = forms.Select(choices=[("", _("All regions")), *region_choices()])
    return form


def region_choices() -> list[tuple[str, str]]:
    """UN M49 regions and sub-regions that hold a country, one query."""
    names = set()
    for region, sub_region in Country.objects.values_list("region", "sub_region").distinct():
        names.update(name for name in (region, sub_region) if name)
    return [(name, name) for name in sorted(names)]
