"""Pages anyone can open without logging in: certificate checks and session evaluations."""

from django.urls import path

from . import views

app_name = "publico"

urlpatterns = [
    path("certificados/", views.verificar_certificado, name="verificar"),
    path("certificados/<str:codigo>/", views.certificado_publico, name="certificado"),
    path("evaluacion/<str:codigo>/", views.evaluacion, name="evaluacion"),
]
