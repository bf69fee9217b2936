from django.urls import path

from . import views

app_name = "quizzes"

urlpatterns = [
    path("<int:page_id>/check/", views.check, name="check"),
    path("<int:page_id>/submit/", views.submit, name="submit"),
    path("<int:page_id>/offline/", views.offline, name="offline"),
    path("<int:page_id>/attempts/<uuid:client_id>/", views.result, name="result"),
]
