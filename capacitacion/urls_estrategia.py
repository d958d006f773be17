from django.urls import path

from . import views

app_name = "estrategia"

urlpatterns = [
    path("plan/", views.plan_estrategia, name="plan"),
]
