from django.urls import path

from . import views

app_name = "education"
urlpatterns = [
    path("", views.overview, name="index"),
    path("praksis/", views.placement_list, name="placement_list"),
    path("praksis/ny/", views.placement_create, name="placement_create"),
    path("praksis/import/", views.placement_import, name="placement_import"),
    path("praksis/<int:pk>/", views.placement_detail, name="placement"),
    path("praksis/<int:pk>/endre/", views.placement_edit, name="placement_edit"),
    path("oppgaver/", views.thesis_list, name="thesis_list"),
    path("oppgaver/ny/", views.thesis_create, name="thesis_create"),
    path("oppgaver/<int:pk>/", views.thesis_detail, name="thesis"),
    path("oppgaver/<int:pk>/endre/", views.thesis_edit, name="thesis_edit"),
    path("eit/", views.village_list, name="village_list"),
    path("eit/ny/", views.village_create, name="village_create"),
    path("eit/<int:pk>/", views.village_detail, name="village"),
    path("eit/<int:pk>/endre/", views.village_edit, name="village_edit"),
    path("kurs/", views.course_list, name="course_list"),
    path("kurs/ny/", views.course_create, name="course_create"),
    path("kurs/<int:pk>/", views.course_detail, name="course"),
    path("kurs/<int:pk>/endre/", views.course_edit, name="course_edit"),
    path("undervisning/", views.teaching_list, name="teaching_list"),
    path("undervisning/ny/", views.teaching_create, name="teaching_create"),
    path("undervisning/<int:pk>/", views.teaching_detail, name="teaching"),
    path("undervisning/<int:pk>/endre/", views.teaching_edit, name="teaching_edit"),
]
