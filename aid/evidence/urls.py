from django.urls import path

from aid.evidence import views

app_name = "evidence"
urlpatterns = [
    path("", views.index, name="index"),
    path("topics/<slug:key>/", views.topic_detail, name="topic"),
    path("claims/", views.claim_list, name="claims"),
    path("claims/<slug:key>/", views.claim_detail, name="claim"),
    path("seeds/<slug:key>/", views.seed_detail, name="seed"),
    path("sources/<slug:key>/", views.source_detail, name="source"),
]
