from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Article


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    list_display = ("title", "partnership", "status", "published_on")
    list_filter = ("status", "partnership")
    search_fields = ("title",)
    list_select_related = ("partnership",)
