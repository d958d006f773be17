from django.urls import path

from .views import encuesta, formacion

app_name = "diagnostico"

urlpatterns = [
    path("", encuesta.inicio, name="inicio"),
    path("<int:instrumento_id>/paso/<int:numero>/", encuesta.paso, name="paso"),
    path("<int:instrumento_id>/revision/", encuesta.revision, name="revision"),
    path("<int:instrumento_id>/resultado/", formacion.resultado, name="resultado"),
    # Staff entering a response on a Junta's behalf (paper survey, phone assistance).
    path(
        "<int:instrumento_id>/junta/<int:junta_id>/paso/<int:numero>/",
        encuesta.paso,
        name="paso_junta",
    ),
    path(
        "<int:instrumento_id>/junta/<int:junta_id>/revision/",
        encuesta.revision,
        name="revision_junta",
    ),
    path(
        "<int:instrumento_id>/junta/<int:junta_id>/resultado/",
        formacion.resultado,
        name="resultado_junta",
    ),
]
