from django.urls import path

from . import report_views

app_name = "reports"

urlpatterns = [
    path("", report_views.programme_report, name="programme"),
]
