from django.urls import path

from aid.reader import views

app_name = "reader"
urlpatterns = [
    path("", views.index, name="index"),
    path("ask/", views.ask, name="ask"),
]
