from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Assignment, Interest, KnowledgeNeed, NeedAnswer

for model in (KnowledgeNeed, Assignment, Interest, NeedAnswer):
    admin.site.register(model, SimpleHistoryAdmin)
