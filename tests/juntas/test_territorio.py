import pytest

from juntas.models import Barrio, Corregimiento, Localidad, UnidadComunera


@pytest.mark.django_db
def test_reference_territory_counts():
    assert Localidad.objects.count() == 3
    assert UnidadComunera.objects.count() == 15
    assert Barrio.objects.filter(tipo=Barrio.Tipo.BARRIO).count() == 187
    assert Corregimiento.objects.count() == 15


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("codigo", "ucgs"),
    [("L1", [1, 2, 3, 8, 9, 10]), ("L2", [4, 5, 6, 7]), ("L3", [11, 12, 13, 14, 15])],
)
def test_ucgs_belong_to_their_localidad(codigo, ucgs):
    numeros = UnidadComunera.objects.filter(localidad__codigo=codigo).values_list(
        "numero", flat=True
    )
    assert sorted(numeros) == ucgs


@pytest.mark.django_db
def test_barrio_derives_localidad_from_its_ucg():
    barrio = Barrio.objects.get(nombre="Bocagrande")
    assert barrio.unidad_comunera.numero == 1
    assert barrio.localidad.codigo == "L1"
    nuevo = Barrio(nombre="Nuevo Sector", unidad_comunera=UnidadComunera.objects.get(numero=14))
    nuevo.full_clean()
    nuevo.save()
    assert nuevo.localidad.codigo == "L3"


@pytest.mark.django_db
def test_organizacion_takes_ucg_and_localidad_from_barrio(junta):
    junta.barrio = Barrio.objects.get(nombre="Bocagrande")
    junta.save()
    junta.refresh_from_db()
    assert (junta.unidad_comunera.numero, junta.localidad.codigo) == (1, "L1")
