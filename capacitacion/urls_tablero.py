from django.urls import path

from . import views

app_name = "resultados"

urlpatterns = [
    path("", views.resultados, name="diagnostico"),
    path("exportar/", views.exportar, name="exportar"),
]
