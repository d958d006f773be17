from django.urls import path

from . import views

app_name = "tablero"

urlpatterns = [
    path("", views.inicio, name="inicio"),
    path("hitos/<int:numero>/", views.hito, name="hito"),
    path("evidencias/<int:pk>/", views.evidencia, name="evidencia"),
    path("indicadores.<str:formato>", views.exportar_indicadores, name="indicadores"),
    path("informe/", views.informe, name="informe"),
]
