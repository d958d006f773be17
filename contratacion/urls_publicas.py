"""Pages anyone can open without logging in: the check of a dossier (expediente)."""

from django.urls import path, re_path

from . import views

app_name = "expedientes"

urlpatterns = [
    path("expedientes/", views.verificar_expediente, name="verificar"),
    re_path(
        r"^expedientes/(?P<codigo>[^/]+)\.(?P<formato>json)$",
        views.expediente_publico,
        name="publico_json",
    ),
    path("expedientes/<str:codigo>/", views.expediente_publico, name="publico"),
]
