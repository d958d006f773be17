"""Pages anyone can open without logging in: certificate checks and session evaluations."""

from django.urls import path

from .views import formacion

app_name = "publico"

urlpatterns = [
    path("certificados/", formacion.verificar_certificado, name="verificar"),
    path("certificados/<str:codigo>/", formacion.certificado_publico, name="certificado"),
    path("evaluacion/<str:codigo>/", formacion.evaluacion, name="evaluacion"),
]
