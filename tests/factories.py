"""factory-boy factories for the registry and the role accounts."""

import datetime

import factory
from django.contrib.auth.models import Group, User
from django.utils import timezone

from juntas.models import (
    AutorizacionDatos,
    Barrio,
    Dignatario,
    Organizacion,
    Requisito,
    RequisitoJunta,
)
from juntas.validators import digito_verificacion
from nucleo.roles import LIDER, MONITOR, SECRETARIA


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"usuario{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "clave-de-prueba-123")

    @factory.post_generation
    def grupo(self, create, nombre, **kwargs):
        if create and nombre:
            self.groups.add(Group.objects.get(name=nombre))
        if create:
            self.save()


def _nit(n):
    numero = f"{900000000 + n:09d}"
    return f"{numero}-{digito_verificacion(numero)}"


class OrganizacionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organizacion

    nombre = factory.Sequence(lambda n: f"Junta de Acción Comunal Barrio Prueba {n}")
    tipo = Organizacion.Tipo.JAC
    codigo_registro = factory.Sequence(lambda n: f"JAC-T{n:05d}")
    nit = factory.Sequence(_nit)
    barrio = factory.LazyFunction(
        lambda: Barrio.objects.filter(tipo="barrio").order_by("pk").first()
    )
    estado = Organizacion.Estado.ACTIVA
    afiliados = 120
    fecha_eleccion = datetime.date(2021, 11, 28)
    periodo_inicio = datetime.date(2022, 2, 1)
    periodo_fin = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=400))
    participa = True
    participa_desde = datetime.date(2023, 1, 20)


class DignatarioFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dignatario

    organizacion = factory.SubFactory(OrganizacionFactory)
    cargo = Dignatario.Cargo.PRESIDENTE
    nombres = factory.Sequence(lambda n: f"Nombre{n}")
    apellidos = "Pérez Díaz"
    documento = factory.Sequence(lambda n: f"{1047000000 + n}")
    telefono = "3001234567"
    correo = factory.Sequence(lambda n: f"dignatario{n}@example.org")


class RequisitoJuntaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RequisitoJunta

    organizacion = factory.SubFactory(OrganizacionFactory)
    requisito = factory.LazyFunction(lambda: Requisito.objects.get(codigo="rut"))
    estado = RequisitoJunta.Estado.CUMPLE


def crear_lider(organizacion=None, username=None, autorizado=True):
    """A user in the leader group linked to a dignatario of `organizacion` (created if None)."""
    organizacion = organizacion or OrganizacionFactory()
    usuario = UserFactory(grupo=LIDER, **({"username": username} if username else {}))
    DignatarioFactory(organizacion=organizacion, usuario=usuario)
    if autorizado:
        AutorizacionDatos.objects.create(usuario=usuario, version=AutorizacionDatos.VERSION_VIGENTE)
    return usuario


def crear_monitor(username="monitor-prueba"):
    return UserFactory(username=username, grupo=MONITOR)


def crear_secretaria(username="secretaria-prueba"):
    usuario = UserFactory(username=username, grupo=SECRETARIA)
    usuario.is_staff = True
    usuario.save()
    return usuario
