"""`ilike_contains`: a case-insensitive "contains" that a trigram index serves.

Django's `icontains` on PostgreSQL is `UPPER(col::text) LIKE UPPER(%s)`, which an index
`gin (col gin_trgm_ops)` cannot serve; `col ILIKE %s` can (core.trigram). Both fold case the
same way and keep accents ("gómez" finds "Gómez", not "Gomez"), so a search gives the same
records either way. Every search of the admin and of the API goes through `contains`.
"""

from django.db import models
from django.db.models import Q
from django.db.models.lookups import IContains


@models.CharField.register_lookup
@models.TextField.register_lookup
class ILikeContains(IContains):
    lookup_name = "ilike_contains"

    def as_postgresql(self, compiler, connection):
        # process_lhs adds no UPPER() for a lookup not named "icontains"; process_rhs escapes
        # %, _ and \ in the term and wraps it in %...% (PatternLookup).
        lhs_sql, lhs_params = self.process_lhs(compiler, connection)
        rhs_sql, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs_sql} ILIKE {rhs_sql}", (*lhs_params, *rhs_params)


def contains(model, path: str, term: str) -> Q:
    """`term` in the field at `path` from `model`, case-insensitively: ILIKE for text, as a
    trigram index serves it, `icontains` for any other field (a number, an array)."""
    opts = model._meta
    parts = path.split("__")
    for part in parts[:-1]:
        opts = opts.get_field(part).related_model._meta
    field = opts.get_field(parts[-1])
    lookup = "ilike_contains" if isinstance(field, (models.CharField, models.TextField)) else "icontains"
    return Q(**{f"{path}__{lookup}": term})
