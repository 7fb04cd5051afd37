from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


class SyncCursorPagination(pagination.CursorPagination):
    """For the large collections: ordered by id, so a sync over changing data neither skips
    nor repeats (new records come after the cursor, changed ones keep their place)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    ordering = "id"

    def get_ordering(self, request, queryset, view):
        # The list's FilterSet says which orderings it takes (`ordering=-id`).
        filterset_class = getattr(view, "filterset_class", None)
        if filterset_class is not None and hasattr(filterset_class, "ordering_of"):
            asked = filterset_class.ordering_of(request.query_params.get("ordering", ""))
            if asked:
                return asked
        return (self.ordering,)
