from django.urls import path

from . import outcome_views, relevance_views, views

app_name = "projects"
urlpatterns = [
    path("", views.project_list, name="list"),
    path("ny/", views.project_create, name="create"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/rediger/", views.project_edit, name="edit"),
    path("<int:pk>/status/", views.project_transition, name="transition"),
    path("<int:pk>/relevans/", relevance_views.relevance_assess, name="relevance"),
    path("<int:pk>/resultat-i-praksis/ny/", outcome_views.outcome_create, name="outcome_create"),
]
