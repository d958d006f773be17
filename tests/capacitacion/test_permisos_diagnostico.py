"""Who may open the survey pages: leaders their own Junta's, staff any Junta's, nobody else."""

import pytest
from django.urls import reverse

from capacitacion.models import Respuesta
from capacitacion.services import encuesta as services


@pytest.fixture
def usuarios(lider, lider_otra, monitor, secretaria):
    return {"lider": lider, "lider_otra": lider_otra, "monitor": monitor, "secretaria": secretaria}


ESPERADO = {"anonimo": 302, "lider": 200, "lider_otra": 200, "monitor": 403, "secretaria": 403}


@pytest.mark.django_db
@pytest.mark.parametrize("rol", list(ESPERADO))
@pytest.mark.parametrize("vista", ["inicio", "paso", "revision"])
def test_leader_pages_by_role(client, usuarios, instrumento, rol, vista):
    if rol in usuarios:
        client.force_login(usuarios[rol])
    args = [] if vista == "inicio" else [instrumento.pk, 1] if vista == "paso" else [instrumento.pk]
    respuesta = client.get(reverse(f"diagnostico:{vista}", args=args))
    assert respuesta.status_code == ESPERADO[rol]


@pytest.mark.django_db
def test_each_leader_only_ever_touches_own_juntas_response(
    client, lider, lider_otra, junta, otra_junta, instrumento
):
    client.force_login(lider_otra)
    client.post(
        reverse("diagnostico:paso", args=[instrumento.pk, 1]),
        {"p_asamblea-ultimo-anio": "no", "salir": ""},
    )
    assert not Respuesta.objects.filter(organizacion=junta).exists()
    assert Respuesta.objects.filter(organizacion=otra_junta).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("rol", "esperado"), [("lider", 403), ("monitor", 403), ("secretaria", 200)]
)
def test_only_staff_answer_on_behalf_of_a_junta(
    client, usuarios, junta, instrumento, rol, esperado
):
    client.force_login(usuarios[rol])
    url = reverse("diagnostico:paso_junta", args=[instrumento.pk, junta.pk, 1])
    assert client.get(url).status_code == esperado
    client.post(url, {"p_asamblea-ultimo-anio": "si"})
    assert Respuesta.objects.filter(organizacion=junta).exists() is (esperado == 200)


@pytest.mark.django_db
def test_monitor_cannot_answer(client, monitor, junta, instrumento):
    client.force_login(monitor)
    respuesta = client.post(
        reverse("diagnostico:paso", args=[instrumento.pk, 1]), {"p_asamblea-ultimo-anio": "si"}
    )
    assert respuesta.status_code == 403
    assert not Respuesta.objects.exists()


@pytest.mark.django_db
def test_result_page_only_after_submit(client, lider, junta, instrumento):
    client.force_login(lider)
    services.respuesta_de_junta(junta, instrumento)
    url = reverse("diagnostico:resultado", args=[instrumento.pk])
    assert client.get(url)["Location"] == reverse("diagnostico:revision", args=[instrumento.pk])
