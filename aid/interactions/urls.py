from django.urls import path

from aid.interactions import views

app_name = "interactions"
urlpatterns = [
    path("", views.check, name="check"),
]
