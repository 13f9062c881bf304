"""Admin pages of the workflow's records: notices, shown and never changed there."""

from django.contrib import admin

from govperf.web.admin import ReadOnlyAdmin
from govperf.workflow.notices_models import Notice


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    """Who was told what, when, and whether they have read it; written only by the step that
    gave the reason, marked read only by its recipient."""

    list_display = ["created_at", "kind", "recipient", "cycle", "unit", "actor", "read_at"]
    list_filter = ["kind", ("read_at", admin.EmptyFieldListFilter), "cycle"]
    list_select_related = ["recipient", "cycle__agency", "unit__agency", "actor"]
    search_fields = ["text", "recipient__username"]
    date_hierarchy = "created_at"
