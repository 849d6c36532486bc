from django.urls import path

from aid.evidence import views

app_name = "evidence"
urlpatterns = [
    path("", views.index, name="index"),
]
