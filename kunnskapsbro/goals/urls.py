from django.urls import path

from . import views

app_name = "goals"
urlpatterns = [
    path("mine-malinger/", views.my_measurements, name="my_measurements"),
    path("partnerskap/<slug:slug>/", views.goals_overview, name="overview"),
    path("partnerskap/<slug:slug>/nytt-mal/", views.goal_create, name="goal_create"),
    path("partnerskap/<slug:slug>/handlingsplaner/", views.action_plans, name="action_plans"),
    path(
        "partnerskap/<slug:slug>/handlingsplaner/ny/",
        views.action_plan_create,
        name="action_plan_create",
    ),
    path("<int:pk>/", views.goal_detail, name="goal_detail"),
    path("<int:pk>/rediger/", views.goal_edit, name="goal_edit"),
    path("<int:pk>/indikatorer/ny/", views.indicator_create, name="indicator_create"),
    path("indikatorer/<int:pk>/", views.indicator_detail, name="indicator_detail"),
    path("indikatorer/<int:pk>/rediger/", views.indicator_edit, name="indicator_edit"),
    path("milepaeler/<int:pk>/rediger/", views.milestone_edit, name="milestone_edit"),
    path("handlingsplaner/<int:pk>/", views.action_plan_detail, name="action_plan_detail"),
    path("handlingsplaner/<int:pk>/rediger/", views.action_plan_edit, name="action_plan_edit"),
    path("handlingsplaner/<int:pk>/tiltak/ny/", views.activity_create, name="activity_create"),
    path("tiltak/<int:pk>/rediger/", views.activity_edit, name="activity_edit"),
]
