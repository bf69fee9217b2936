from django.urls import path

from . import report_views

app_name = "reports"

urlpatterns = [
    path("", report_views.programme_report, name="programme"),
    path("summary/", report_views.programme_summary, name="summary"),
    path(
        "schools/<int:school_pk>/children/",
        report_views.school_children,
        name="school_children",
    ),
]
