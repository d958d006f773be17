from django.urls import path

from . import views

app_name = "diagnostico"

urlpatterns = [
    path("", views.inicio, name="inicio"),
    path("<int:instrumento_id>/paso/<int:numero>/", views.paso, name="paso"),
    path("<int:instrumento_id>/revision/", views.revision, name="revision"),
    path("<int:instrumento_id>/resultado/", views.resultado, name="resultado"),
    # Staff entering a response on a Junta's behalf (paper survey, phone assistance).
    path(
        "<int:instrumento_id>/junta/<int:junta_id>/paso/<int:numero>/",
        views.paso,
        name="paso_junta",
    ),
    path(
        "<int:instrumento_id>/junta/<int:junta_id>/revision/", views.revision, name="revision_junta"
    ),
    path(
        "<int:instrumento_id>/junta/<int:junta_id>/resultado/",
        views.resultado,
        name="resultado_junta",
    ),
]
