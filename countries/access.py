"""Who may see this app's records: its rules in the access mechanism (`core.access`)."""

from core.access import Kind, ModelRule

from .models import Agency, Country

RULES = {
    Country: ModelRule(Kind.REFERENCE),
    Agency: ModelRule(Kind.WORKING, countries=("country",)),
}
