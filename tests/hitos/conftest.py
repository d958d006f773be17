import datetime

import pytest

from hitos.models import Compromiso, Hito, Indicador


def crear_compromiso(codigo="COCDI0001", **campos):
    datos = {
        "codigo": codigo,
        "titulo": "Fortalecer a las Juntas en contratación pública",
        "plan": "Plan de acción local 2022–2023",
        "inicio": datetime.date(2023, 1, 2),
        "fin": datetime.date(2023, 11, 30),
        "entidad_lider": "Secretaría de Participación",
        "problema": "Las Juntas no contratan.",
        "status_quo": "Pocas tienen requisitos.",
        "accion": "Formar y acompañar.",
        "contribucion": "Juntas preparadas.",
        "objetivo_largo_plazo": "Que contraten.",
        "areas_politica": "Contratación pública",
        "valores": ["participacion_civica"],
        **campos,
    }
    return Compromiso.objects.create(**datos)


def crear_hito(compromiso, numero, inicio, fin, tipo=Hito.Tipo.OTRO, indicadores=(), **campos):
    hito = Hito.objects.create(
        compromiso=compromiso,
        numero=numero,
        titulo=f"Hito {numero} de prueba",
        tipo=tipo,
        inicio_previsto=inicio,
        fin_previsto=fin,
        responsable="Secretaría",
        **campos,
    )
    for orden, (codigo, meta) in enumerate(indicadores):
        Indicador.objects.create(hito=hito, codigo=codigo, meta=meta, orden=orden)
    return hito


@pytest.fixture
def compromiso(db):
    compromiso = crear_compromiso()
    crear_hito(
        compromiso, 1, datetime.date(2023, 1, 2), datetime.date(2023, 1, 31),
        tipo=Hito.Tipo.IDENTIFICACION, indicadores=[("juntas_participantes", 4)],
    )  # fmt: skip
    crear_hito(
        compromiso, 2, datetime.date(2023, 4, 1), datetime.date(2023, 9, 30),
        tipo=Hito.Tipo.IMPLEMENTACION,
        indicadores=[("sesiones_realizadas", 100), ("personas_formadas", 10)],
    )  # fmt: skip
    return compromiso
