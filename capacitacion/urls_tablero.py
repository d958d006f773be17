from django.urls import path

from .views import encuesta

app_name = "resultados"

urlpatterns = [
    path("", encuesta.resultados, name="diagnostico"),
    path("exportar/", encuesta.exportar, name="exportar"),
    path(
        "exportar/segundo-plano/",
        encuesta.exportar_en_segundo_plano,
        name="exportar_en_segundo_plano",
    ),
]
