"""Who may see this app's records: the results framework is programme-wide (`Kind.RESULTS`):
staff and API keys that see every country; not mission viewers or country-limited keys."""

from core.access import Kind, ModelRule

from .models import Framework, Indicator, ProgressNarrative, ReportedActual, Result, Target

RULES = {
    Framework: ModelRule(Kind.RESULTS),
    Result: ModelRule(Kind.RESULTS),
    Indicator: ModelRule(Kind.RESULTS),
    Target: ModelRule(Kind.RESULTS),
    ReportedActual: ModelRule(Kind.RESULTS),
    ProgressNarrative: ModelRule(Kind.RESULTS),
}
