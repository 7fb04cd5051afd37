"""Who may see this app's records: its rules in the access mechanism (`core.access`)."""

from core.access import Kind, ModelRule

from .models import ImportJob

# An import's preview shows the rows of its file (names, e-mails): personal data.
RULES = {ImportJob: ModelRule(Kind.PERSONAL)}
