from django.urls import path

from . import views

app_name = "capacitacion_portal"

urlpatterns = [
    path("", views.capacitacion_portal, name="inicio"),
]
