"""The sync watermark: the time a client sends back as `modified_since` on its next sync.

`updated_at` is stamped while a record is written, but a reader sees the record only once its
transaction commits: a record written in a long transaction (an import, a recompute) carries a
time older than the moment it becomes visible. So the watermark is not the time of the read but
the start of the oldest transaction still open in this database (`pg_stat_activity.xact_start`;
the database's clock if none is), minus `SYNC_OVERLAP_SECONDS` for the clocks of the application
hosts, which stamp `updated_at`, running behind the database's. Anything committed after a read
was stamped after that transaction began, so it is at or after the watermark the read returned:
a record may come twice, never zero times.

The database role must see the other sessions' `xact_start`: the same role for the web processes
and the workers, or one granted `pg_read_all_stats`. A session it cannot see is logged.
"""

import datetime
import logging

from django.conf import settings
from django.db import connection

logger = logging.getLogger(__name__)

# Client backends only: autovacuum and the other background processes write no records. A
# session of a role this one may not see shows no backend type and no times, only its role.
_OLDEST_OPEN_TRANSACTION = """
SELECT LEAST(clock_timestamp(), min(xact_start)),
       count(*) FILTER (WHERE backend_type IS NULL)
  FROM pg_stat_activity
 WHERE datname = current_database()
   AND pid <> pg_backend_pid()
   AND (backend_type = 'client backend' OR (backend_type IS NULL AND usesysid IS NOT NULL))
"""


def sync_watermark() -> datetime.datetime:
    """The watermark of a read that starts now: take it before the read's query."""
    with connection.cursor() as cursor:
        cursor.execute(_OLDEST_OPEN_TRANSACTION)
        oldest, hidden = cursor.fetchone()
    if hidden:
        # Another role's sessions: their transactions do not hold the watermark back.
        logger.error(
            "The sync watermark cannot see %s sessions of other database roles: grant this role "
            "pg_read_all_stats, or run the web processes and the workers as one role.",
            hidden,
        )
    return oldest - datetime.timedelta(seconds=settings.SYNC_OVERLAP_SECONDS)
