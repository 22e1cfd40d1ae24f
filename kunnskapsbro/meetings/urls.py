from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("moter/", views.body_list, name="body_list"),
    path("moter/arshjul/", views.annual_cycle, name="annual_cycle"),
    path("moter/mine-oppfolgingspunkter/", views.my_action_items, name="my_actions"),
    path("moter/oppfolging/<int:pk>/status/", views.action_item_status, name="action_status"),
    path("moter/organ/<int:pk>/", views.body_detail, name="body_detail"),
    path("moter/organ/<int:pk>/kalender.ics", views.body_ical, name="body_ical"),
    path("moter/person/<slug:slug>/kalender.ics", views.person_ical, name="person_ical"),
    path("moter/<int:pk>/", views.meeting_detail, name="detail"),
    path("moter/<int:pk>/referat.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("arrangementer/", views.event_list, name="event_list"),
    path("arrangementer/<slug:slug>/", views.event_detail, name="event_detail"),
    path("arrangementer/<slug:slug>/kalender.ics", views.event_ical, name="event_ical"),
]
