from django.urls import path

from . import views

app_name = "claims"
urlpatterns = [
    path("speakers/", views.speaker_list, name="speakers"),
    path("speaker-names/", views.speaker_names, name="speaker_names"),
    path("speakers/<slug:slug>/", views.speaker_detail, name="speaker"),
    path("topics/", views.topic_list, name="topics"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic"),
    path("quotes/", views.quote_list, name="quotes"),
    path("claims/", views.claim_list, name="claims"),
    # Editors' corrections (POST only), from the article page.
    path("quotes/<int:pk>/speaker/", views.quote_reassign, name="quote_reassign"),
    path("quotes/<int:pk>/verify/", views.quote_verify, name="quote_verify"),
    path("quotes/<int:pk>/reject/", views.quote_reject, name="quote_reject"),
    path("quotes/<int:pk>/restore/", views.quote_restore, name="quote_restore"),
    path("articles/<slug:slug>/quotes/add/", views.quote_add, name="quote_add"),
]
