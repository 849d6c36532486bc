from django.urls import path

from aid.regulation import views

app_name = "regulation"
urlpatterns = [
    path("", views.index, name="index"),
    path("<str:code>/", views.detail, name="detail"),
]
