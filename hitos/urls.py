from django.urls import path

from . import views

app_name = "tablero"

urlpatterns = [
    path("", views.inicio, name="inicio"),
    path("hitos/<int:numero>/", views.hito, name="hito"),
    path("evidencias/<int:pk>/", views.evidencia, name="evidencia"),
    path("indicadores.<str:formato>", views.exportar_indicadores, name="indicadores"),
    path(
        "indicadores/en-segundo-plano/",
        views.exportar_indicadores_en_segundo_plano,
        name="indicadores_en_segundo_plano",
    ),
    path("informe/", views.informe, name="informe"),
]
