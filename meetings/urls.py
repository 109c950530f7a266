from django.urls import path

from meetings import views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("kalender.ics", views.public_feed, name="public_feed"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/kalender.ics", views.meeting_ics, name="ics"),
    path("svar/<str:token>/", views.answer, name="answer"),
]
