"""Who may see this app's records: its rules in the access mechanism (`core.access`)."""

from core.access import Kind, ModelRule

from .models import ImportJob

# An import's preview shows the rows of its file (names, e-mails): personal data. An import into
# a restricted operation (its seizures, or the attendance of its activity) is withheld with it.
# Its rows' countries are not recorded: `imports.selectors.import_job_list` applies the country
# scope.
RULES = {ImportJob: ModelRule(Kind.PERSONAL, sensitivity=("operation", "activity__operation"))}
