from django.urls import path

from . import views

app_name = "lessons"

urlpatterns = [
    path("lessons/<int:page_id>/plan/", views.plan, name="plan"),
    path("lessons/<int:page_id>/handout/", views.handout, name="handout"),
    path("modules/<int:page_id>/guide/", views.guide, name="guide"),
    path("modules/<int:page_id>/peer-guide/", views.peer_guide, name="peer_guide"),
]
