from django.urls import path

from . import views

app_name = "goals"
urlpatterns = [
    path("mine-malinger/", views.my_measurements, name="my_measurements"),
    path("partnerskap/<slug:slug>/", views.goals_overview, name="overview"),
    path("partnerskap/<slug:slug>/handlingsplaner/", views.action_plans, name="action_plans"),
    path("<int:pk>/", views.goal_detail, name="goal_detail"),
    path("indikatorer/<int:pk>/", views.indicator_detail, name="indicator_detail"),
    path("milepaeler/<int:pk>/rediger/", views.milestone_edit, name="milestone_edit"),
    path("handlingsplaner/<int:pk>/", views.action_plan_detail, name="action_plan_detail"),
]
