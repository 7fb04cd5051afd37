"""Who may read the deletions feed: its rows are scoped one by one (`sync.selectors`), as the
records they were; the feed itself is open to every principal that may read some records."""

from core.access import Kind, ModelRule

from .models import Deletion

RULES = {Deletion: ModelRule(Kind.REFERENCE)}
