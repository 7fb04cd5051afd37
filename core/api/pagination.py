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
