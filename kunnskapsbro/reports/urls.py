from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.report_index, name="index"),
    path("jobb/<int:pk>/", views.job_detail, name="job"),
    path("jobb/<int:pk>/fil/", views.job_file, name="job_file"),
    path("<slug:slug>/", views.dashboard, name="dashboard"),
    path("<slug:slug>/data/<slug:key>.csv", views.chart_csv, name="chart_csv"),
    path("<slug:slug>/diagram/<slug:key>.svg", views.chart_svg, name="chart_svg"),
    path("<slug:slug>/arsrapport/", views.annual_report_html, name="annual_html"),
    path("<slug:slug>/arsrapport/bestill/", views.annual_report_order, name="annual_order"),
]
