from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Course, EitVillage, Placement, TeachingContribution, Thesis

for model in (Placement, Thesis, EitVillage, Course, TeachingContribution):
    admin.site.register(model, SimpleHistoryAdmin)
