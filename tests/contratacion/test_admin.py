"""The Secretaría's admin: cuantías edited (never hard-coded), what the syncs read shown read
only, name candidates confirmed or rejected by staff only, with who and when."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from contratacion.models import CandidatoPorNombre, Contrato, Cuantia, Proceso, Sincronizacion
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _cuantia_form(**cambios):
    datos = {
        "nombre_entidad": "DISTRITO TURISTICO Y CULTURAL DE CARTAGENA DE INDIAS",
        "nit_entidad": "890.480.184-4",
        "anio": "2024",
        "menor_cuantia": "1300000000",
        "minima_cuantia": "",
        "fuente_url": "https://www.cartagena.gov.co/cuantias-2024",
        "notas": "",
    }
    datos.update(cambios)
    return datos


def test_staff_record_an_entitys_cuantias_and_the_minima_defaults_to_ten_percent(
    client, secretaria
):
    client.force_login(secretaria)
    respuesta = client.post(reverse("admin:contratacion_cuantia_add"), _cuantia_form())
    assert respuesta.status_code == 302, respuesta.content.decode()[:2000]
    cuantia = Cuantia.objects.get()
    assert cuantia.nit_entidad == "890480184"
    assert cuantia.minima_cuantia == Decimal("130000000.00")
    assert cuantia.history.get().history_user == secretaria


def test_one_cuantia_per_entity_and_year_and_the_minima_never_above_the_menor(client, secretaria):
    client.force_login(secretaria)
    client.post(reverse("admin:contratacion_cuantia_add"), _cuantia_form())
    repetida = client.post(reverse("admin:contratacion_cuantia_add"), _cuantia_form())
    assert repetida.status_code == 200 and Cuantia.objects.count() == 1
    al_reves = client.post(
        reverse("admin:contratacion_cuantia_add"),
        _cuantia_form(anio="2025", minima_cuantia="2000000000"),
    )
    assert "no puede superar la menor cuantía" in al_reves.content.decode()


def _candidato(organizacion):
    contrato = Contrato.objects.create(
        id_contrato="CO1.PCCNTR.77",
        coincidencia=Contrato.Coincidencia.PENDIENTE,
        nombre_entidad="ALCALDIA",
        valor=Decimal("1000000"),
        fecha_firma=datetime.date(2024, 3, 1),
    )
    return CandidatoPorNombre.objects.create(
        contrato=contrato,
        organizacion=organizacion,
        nombre_proveedor="JUNTA DE ACCION COMUNAL EL CABRERO",
        nit_proveedor="901999888",
    )


def _accion(client, accion, candidato):
    return client.post(
        reverse("admin:contratacion_candidatopornombre_changelist"),
        {"action": accion, "_selected_action": [candidato.pk]},
        follow=True,
    )


def test_staff_confirm_a_candidate_from_the_list_and_the_history_says_who(
    client, secretaria, junta
):
    candidato = _candidato(junta)
    client.force_login(secretaria)

    respuesta = _accion(client, "confirmar", candidato)

    assert "1 candidato confirmado" in respuesta.content.decode()
    candidato.refresh_from_db()
    assert candidato.estado == "confirmado" and candidato.decidido_por == secretaria
    contrato = Contrato.objects.get()
    assert (contrato.organizacion, contrato.coincidencia) == (junta, "nombre")
    assert candidato.history.first().history_user == secretaria
    historial = client.get(
        reverse("admin:contratacion_candidatopornombre_history", args=[candidato.pk])
    )
    assert historial.status_code == 200


def test_staff_reject_a_candidate(client, secretaria, junta):
    candidato = _candidato(junta)
    client.force_login(secretaria)
    _accion(client, "rechazar", candidato)
    candidato.refresh_from_db()
    assert candidato.estado == "rechazado"
    assert Contrato.objects.get().coincidencia == "ninguna"


def test_deciding_twice_warns_instead_of_changing(client, secretaria, junta):
    candidato = _candidato(junta)
    client.force_login(secretaria)
    _accion(client, "rechazar", candidato)
    respuesta = _accion(client, "confirmar", candidato)
    assert "ya fue decidido" in respuesta.content.decode()
    assert Contrato.objects.get().organizacion is None


def test_only_staff_with_the_change_permission_decide(client, lider, monitor, junta):
    candidato = _candidato(junta)
    for usuario in (lider, monitor):
        client.force_login(usuario)
        respuesta = client.post(
            reverse("admin:contratacion_candidatopornombre_changelist"),
            {"action": "confirmar", "_selected_action": [candidato.pk]},
        )
        assert respuesta.status_code == 302 and "/login/" in respuesta.url
    solo_ver = UserFactory(username="staff-que-solo-ve")
    solo_ver.is_staff = True
    solo_ver.save()
    solo_ver.user_permissions.add(Permission.objects.get(codename="view_candidatopornombre"))
    client.force_login(solo_ver)
    _accion(client, "confirmar", candidato)
    candidato.refresh_from_db()
    assert candidato.estado == "pendiente" and Contrato.objects.get().organizacion is None


def test_what_the_syncs_read_is_listed_read_only(client, secretaria, junta):
    contrato = Contrato.objects.create(
        id_contrato="CO1.PCCNTR.88", organizacion=junta, coincidencia="nit"
    )
    proceso = Proceso.objects.create(id_del_proceso="CO1.REQ.88", nombre="Parque")
    corrida = Sincronizacion.objects.create(conjunto="contratos", fuente="api")
    client.force_login(secretaria)
    for modelo, objeto in (
        ("contrato", contrato),
        ("proceso", proceso),
        ("sincronizacion", corrida),
    ):
        lista = client.get(reverse(f"admin:contratacion_{modelo}_changelist"), {"q": "88"})
        assert lista.status_code == 200
        ficha = client.get(reverse(f"admin:contratacion_{modelo}_change", args=[objeto.pk]))
        assert ficha.status_code == 200
        assert 'name="_save"' not in ficha.content.decode()
        assert client.get(reverse(f"admin:contratacion_{modelo}_add")).status_code == 403
    assert (
        "filas leídas"
        in client.get(
            reverse("admin:contratacion_sincronizacion_change", args=[corrida.pk])
        ).content.decode()
    )
