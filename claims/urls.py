from django.urls import path

from . import views

app_name = "claims"
urlpatterns = [
    path("speakers/", views.speaker_list, name="speakers"),
    path("speakers/<slug:slug>/", views.speaker_detail, name="speaker"),
    path("topics/", views.topic_list, name="topics"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic"),
    path("quotes/", views.quote_list, name="quotes"),
    path("claims/", views.claim_list, name="claims"),
]
