"""The two keys are two people: a milestone level is verified or returned by someone other than
its proposer (and by a monitor, never by staff), and a requirement document by someone other
than the user who uploaded it. Service and database both refuse it."""

import datetime
from importlib import import_module

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from hitos import services as servicios_hitos
from hitos.models import Hito, Nivel, PropuestaNivel
from juntas import services as servicios_juntas
from juntas.models import Organizacion, RequisitoJunta
from nucleo.permisos import es_monitor, puede_ver_tablero
from nucleo.roles import MONITOR
from tests.factories import RequisitoJuntaFactory, UserFactory
from tests.hitos.conftest import crear_compromiso, crear_hito


@pytest.fixture
def hito(db):
    compromiso = crear_compromiso()
    return crear_hito(compromiso, 1, datetime.date(2023, 1, 2), datetime.date(2023, 1, 31))


def _url(numero=1):
    return f"{reverse('tablero:hito', args=[numero])}?compromiso=COCDI0001"


def _proponer(hito, usuario):
    return servicios_hitos.proponer_nivel(
        hito, nivel="completo", avance=100, justificacion="Hecho.", usuario=usuario
    )


def _monitor_que_tambien_es_staff():
    """An account made before the rule (or behind its back with a bulk UPDATE)."""
    usuario = UserFactory(username="monitor-y-staff", grupo=MONITOR)
    User.objects.filter(pk=usuario.pk).update(is_staff=True)
    usuario.refresh_from_db()
    return usuario


# Milestone levels -----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("accion", ["verificar", "devolver"])
def test_the_proposer_cannot_review_their_own_proposal(hito, monitor, accion):
    # Even an account that is not staff (here a monitor's) cannot review what it proposed.
    propuesta = _proponer(hito, monitor)
    with pytest.raises(ValidationError, match="Usted hizo esta propuesta"):
        if accion == "verificar":
            servicios_hitos.verificar(propuesta, usuario=monitor)
        else:
            servicios_hitos.devolver(propuesta, usuario=monitor, observacion="No.")
    propuesta.refresh_from_db()
    hito.refresh_from_db()
    assert propuesta.estado == PropuestaNivel.Estado.PENDIENTE and propuesta.revisada_por is None
    assert hito.nivel == Nivel.NO_INICIADO


@pytest.mark.django_db
def test_staff_cannot_hold_the_monitors_key_in_the_service(hito, secretaria):
    propuesta = _proponer(hito, secretaria)
    otra = UserFactory(username="otra-secretaria", grupo="Secretaría")
    otra.is_staff = True
    otra.save()
    with pytest.raises(ValidationError, match="llave del monitor"):
        servicios_hitos.verificar(propuesta, usuario=otra)
    with pytest.raises(ValidationError, match="llave del monitor"):
        servicios_hitos.verificar(propuesta, usuario=_monitor_que_tambien_es_staff())
    assert PropuestaNivel.objects.get().estado == PropuestaNivel.Estado.PENDIENTE


@pytest.mark.django_db
def test_a_monitor_other_than_the_proposer_verifies(hito, secretaria, monitor):
    propuesta = _proponer(hito, secretaria)
    servicios_hitos.verificar(propuesta, usuario=monitor)
    hito.refresh_from_db()
    assert hito.nivel == Nivel.COMPLETO


@pytest.mark.django_db
def test_the_database_refuses_a_proposal_reviewed_by_its_proposer(hito, secretaria, monitor):
    propuesta = _proponer(hito, secretaria)
    propuesta.estado, propuesta.revisada_por = PropuestaNivel.Estado.VERIFICADA, secretaria
    with pytest.raises(IntegrityError), transaction.atomic():
        propuesta.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        PropuestaNivel.objects.filter(pk=propuesta.pk).update(revisada_por=secretaria)
    # Null-safe: a pending proposal (no reviewer) and another reviewer are fine.
    PropuestaNivel.objects.filter(pk=propuesta.pk).update(revisada_por=monitor)


@pytest.mark.django_db
def test_a_staff_account_in_the_monitor_group_is_no_monitor_on_the_page(client, hito, secretaria):
    propuesta = _proponer(hito, secretaria)
    doble = _monitor_que_tambien_es_staff()
    assert not es_monitor(doble)
    client.force_login(doble)
    respuesta = client.post(_url(), {"accion": "verificar", "propuesta": propuesta.pk})
    assert respuesta.status_code == 403  # staff without the Secretaría group: no key at all
    assert not puede_ver_tablero(doble)
    assert Hito.objects.get(pk=hito.pk).nivel == Nivel.NO_INICIADO
    # With the Secretaría group too, the page gives them the staff key only.
    doble.groups.clear()
    User.objects.filter(pk=doble.pk).update(is_staff=True)
    doble.groups.add(Group.objects.get(name="Secretaría"))
    through = User.groups.through
    through.objects.create(user=doble, group=Group.objects.get(name=MONITOR))  # no signals
    client.force_login(doble)
    client.post(_url(), {"accion": "verificar", "propuesta": propuesta.pk})
    assert PropuestaNivel.objects.get().estado == PropuestaNivel.Estado.PENDIENTE


@pytest.mark.django_db
def test_milestone_page_says_why_a_proposer_cannot_verify(client, hito, monitor):
    # Someone who proposed (here through the service) and then opens the page as a monitor.
    propuesta = _proponer(hito, monitor)
    client.force_login(monitor)
    respuesta = client.post(_url(), {"accion": "verificar", "propuesta": propuesta.pk}, follow=True)
    assert "Usted hizo esta propuesta" in respuesta.content.decode()
    assert PropuestaNivel.objects.get().estado == PropuestaNivel.Estado.PENDIENTE


# Requirement documents ------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_document_is_not_verified_by_whoever_uploaded_it(junta, secretaria, lider):
    propia = RequisitoJuntaFactory(
        organizacion=junta, estado=RequisitoJunta.Estado.EN_TRAMITE, cargado_por=secretaria
    )
    ajena = RequisitoJuntaFactory(
        organizacion=junta,
        requisito=propia.requisito.__class__.objects.get(codigo="ruc"),
        estado=RequisitoJunta.Estado.EN_TRAMITE,
        cargado_por=lider,
    )
    resultado = servicios_juntas.verificar(
        RequisitoJunta.objects.filter(pk__in=[propia.pk, ajena.pk]), usuario=secretaria
    )
    assert (resultado.verificados, resultado.omitidos) == (1, 1)
    propia.refresh_from_db()
    ajena.refresh_from_db()
    assert propia.estado == RequisitoJunta.Estado.EN_TRAMITE and propia.verificado_por is None
    assert ajena.estado == RequisitoJunta.Estado.CUMPLE and ajena.verificado_por == secretaria


@pytest.mark.django_db
@pytest.mark.parametrize("accion", ["verificar_cumple", "verificar_no_cumple"])
def test_admin_action_skips_own_uploads_and_says_how_many(client, junta, secretaria, accion):
    fila = RequisitoJuntaFactory(
        organizacion=junta, estado=RequisitoJunta.Estado.EN_TRAMITE, cargado_por=secretaria
    )
    client.force_login(secretaria)
    respuesta = client.post(
        reverse("admin:juntas_requisitojunta_changelist"),
        {"action": accion, "_selected_action": [fila.pk]},
        follow=True,
    )
    contenido = respuesta.content.decode()
    assert "1 requisito no se verificó porque usted cargó su documento" in contenido
    assert "verificado como" not in contenido
    fila.refresh_from_db()
    assert fila.estado == RequisitoJunta.Estado.EN_TRAMITE and fila.verificado_en is None


@pytest.mark.django_db
def test_the_database_refuses_a_document_verified_by_its_uploader(junta, secretaria, lider):
    fila = RequisitoJuntaFactory(organizacion=junta, cargado_por=secretaria)
    fila.verificado_por = secretaria
    with pytest.raises(IntegrityError), transaction.atomic():
        fila.save()
    # Null-safe: no uploader (the Secretaría's own records) or another verifier are fine.
    RequisitoJunta.objects.filter(pk=fila.pk).update(cargado_por=None, verificado_por=secretaria)
    RequisitoJunta.objects.filter(pk=fila.pk).update(cargado_por=lider)


# The migrations mend rows left from before the rule -------------------------------------------


def _sin_restriccion(modelo, nombre):
    """Drop a check for this test only (the test's transaction rolls the DDL back)."""
    restriccion = next(r for r in modelo._meta.constraints if r.name == nombre)
    with connection.cursor() as cursor:  # fire the deferred FK checks: ALTER needs none pending
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    with connection.schema_editor() as editor:
        editor.remove_constraint(modelo, restriccion)
    return restriccion


def _con_restriccion(modelo, restriccion):
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    with connection.schema_editor() as editor:
        editor.add_constraint(modelo, restriccion)  # the mended rows satisfy it


@pytest.mark.django_db
def test_migration_reopens_documents_verified_by_their_uploader(junta, secretaria):
    restriccion = _sin_restriccion(RequisitoJunta, "requisito_verificado_por_otra_persona")
    fila = RequisitoJuntaFactory(organizacion=junta, cargado_por=secretaria)
    RequisitoJunta.objects.filter(pk=fila.pk).update(verificado_por=secretaria)
    Organizacion.objects.filter(pk=junta.pk).update(puntaje_hasta=datetime.date(2099, 1, 1))
    migracion = import_module("juntas.migrations.0007_requisito_verificado_por_otra_persona")
    migracion.anular_autoverificaciones(apps, None)
    fila.refresh_from_db()
    assert fila.estado == RequisitoJunta.Estado.EN_TRAMITE and fila.verificado_por is None
    assert Organizacion.objects.get(pk=junta.pk).puntaje_hasta < datetime.date(2001, 1, 1)
    _con_restriccion(RequisitoJunta, restriccion)


@pytest.mark.django_db
def test_migration_reopens_proposals_reviewed_by_their_proposer(hito, secretaria):
    restriccion = _sin_restriccion(PropuestaNivel, "propuesta_revisada_por_otra_persona")
    propuesta = _proponer(hito, secretaria)
    PropuestaNivel.objects.filter(pk=propuesta.pk).update(
        estado=PropuestaNivel.Estado.VERIFICADA, revisada_por=secretaria
    )
    migracion = import_module("hitos.migrations.0003_propuesta_revisada_por_otra_persona")
    migracion.reabrir_autorrevisiones(apps, None)
    propuesta.refresh_from_db()
    assert propuesta.estado == PropuestaNivel.Estado.PENDIENTE and propuesta.revisada_por is None
    _con_restriccion(PropuestaNivel, restriccion)


@pytest.mark.django_db
def test_the_admin_change_form_neither_sets_the_state_nor_hides_who_uploaded(
    client, junta, secretaria, settings, tmp_path
):
    """Two keys in the edit form too: the state changes only through the verification actions,
    and a file uploaded in the admin counts as that clerk's upload, which they cannot verify."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    fila = RequisitoJuntaFactory(organizacion=junta, estado=RequisitoJunta.Estado.NO_CUMPLE)
    client.force_login(secretaria)
    url = reverse("admin:juntas_requisitojunta_change", args=[fila.pk])
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    respuesta = client.post(
        url,
        {
            "organizacion": junta.pk,
            "requisito": fila.requisito_id,
            "estado": RequisitoJunta.Estado.CUMPLE,
            "fecha_expedicion": "",
            "fecha_vencimiento": "",
            "archivo": SimpleUploadedFile("acta.pdf", pdf, content_type="application/pdf"),
            "observaciones": "",
        },
    )
    assert respuesta.status_code == 302, respuesta.content.decode()[:2000]
    fila.refresh_from_db()
    assert fila.estado == RequisitoJunta.Estado.NO_CUMPLE
    assert fila.cargado_por == secretaria and fila.archivo
    client.post(
        reverse("admin:juntas_requisitojunta_changelist"),
        {"action": "verificar_cumple", "_selected_action": [fila.pk]},
    )
    fila.refresh_from_db()
    assert fila.estado == RequisitoJunta.Estado.NO_CUMPLE and fila.verificado_por is None
