from django.urls import path

from . import views

app_name = "contratacion_portal"

urlpatterns = [
    path("", views.portal_contratacion, name="inicio"),
]
