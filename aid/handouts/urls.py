from django.urls import path

from aid.handouts import views

app_name = "handouts"
urlpatterns = [
    path("", views.builder, name="builder"),
    path("pdf/", views.download, name="pdf"),
]
