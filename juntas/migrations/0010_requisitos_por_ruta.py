"""The requirements each contracting route asks for, and their weight in each route's index.

Sources (docs/decisiones.md, «Preparación por ruta»): Ley 2166 de 2021 arts. 63 y 95, Decreto 142
de 2023, Ley 136 de 1994 art. 141, Decreto 092 de 2017, Ley 1150 de 2007 art. 2, Ley 2069 de 2020
art. 30, Decreto 1860 de 2021, Ley 2097 de 2021 (REDAM), Ley 1801 de 2016 (medidas correctivas),
Decreto 1501 de 2023. Weights are a proposal the Secretaría edits in the admin (each route adds
up to 100); the new requirements weigh 0 in the general index, so `puntaje` does not move.
"""

from django.db import migrations

C, D, E, M = "convenio_solidario", "ley_2166_art_63", "decreto_092", "minima_cuantia"

# codigo, nombre, vence, vigencia en días, descripción
NUEVOS = [
    (
        "compromiso-mano-obra",
        "Compromiso de la asamblea de contratar mano de obra de la comunidad",
        True,
        365,
        "Acta de asamblea en la que la Junta se compromete a vincular habitantes de la comunidad "
        "en la ejecución del convenio solidario (Ley 2166 de 2021, art. 95).",
    ),
    (
        "formato-experiencia",
        "Formato de experiencia del proveedor (SECOP II)",
        False,
        None,
        "Formato de experiencia del paquete de proveedor que piden las invitaciones de mínima "
        "cuantía, con los contratos o convenios que lo soportan.",
    ),
    (
        "formato-capacidad-financiera",
        "Formato de capacidad financiera y organizacional",
        True,
        365,
        "Indicadores de liquidez, endeudamiento y capacidad organizacional con base en los "
        "estados financieros del último año.",
    ),
    (
        "medidas-correctivas",
        "Consulta del Registro Nacional de Medidas Correctivas del representante legal",
        True,
        90,
        "Certificado de la Policía Nacional (Ley 1801 de 2016) sin multas pendientes.",
    ),
    (
        "redam",
        "Consulta REDAM del representante legal",
        True,
        90,
        "Registro de Deudores Alimentarios Morosos (Ley 2097 de 2021) sin anotación.",
    ),
    (
        "certificacion-planeacion",
        "Certificación de Planeación del territorio de la Junta",
        False,
        None,
        "Certificación de la Secretaría de Planeación sobre el barrio o vereda de la Junta, que "
        "acompaña los estatutos ajustados al Decreto 1501 de 2023.",
    ),
    (
        "aporte-asociacion",
        "Compromiso de aporte en dinero para convenios de asociación",
        True,
        365,
        "Para un convenio de asociación (Decreto 092 de 2017, art. 5) la Junta aporta recursos en "
        "dinero; el porcentaje lo fija la entidad.",
    ),
]

# codigo: {ruta: peso}. A requirement a route does not ask for has no row for it.
PESOS = {
    "personeria-vigente": {C: 8, D: 8, E: 7, M: 5},
    "certificado-existencia": {C: 8, D: 9, E: 8, M: 8},
    "dignatarios-inscritos": {C: 6, D: 6, E: 5, M: 3},
    "estatutos-ley-2166": {C: 5, D: 5, E: 4, M: 2},
    "libros-registrados": {C: 2, D: 4, E: 3},
    "acta-autoriza-contratar": {C: 8, D: 8, E: 7, M: 6},
    "plan-accion": {C: 5, D: 7, E: 3},
    "rut": {C: 8, D: 9, E: 8, M: 10},
    "ruc": {C: 4, D: 4, E: 2},
    "secop-ii": {C: 5, D: 5, E: 6, M: 15},
    "cuenta-bancaria": {C: 7, D: 7, E: 6, M: 5},
    "estados-financieros": {C: 4, D: 6, E: 8, M: 3},
    "experiencia": {C: 4, D: 6, E: 10},
    "antecedentes-representante": {C: 5, D: 5, E: 5, M: 6},
    "seguridad-social": {C: 3, D: 3, E: 3, M: 8},
    "polizas": {C: 2, D: 2, E: 2, M: 3},
    "compromiso-mano-obra": {C: 10},
    "formato-experiencia": {M: 10},
    "formato-capacidad-financiera": {E: 4, M: 8},
    "medidas-correctivas": {C: 2, D: 2, E: 2, M: 4},
    "redam": {C: 2, D: 2, E: 2, M: 4},
    "certificacion-planeacion": {C: 2, D: 2, E: 1},
    "aporte-asociacion": {E: 4},
}


def cargar(apps, schema_editor):
    Requisito = apps.get_model("juntas", "Requisito")
    PesoRequisitoRuta = apps.get_model("juntas", "PesoRequisitoRuta")
    siguiente = (
        Requisito.objects.order_by("-orden").values_list("orden", flat=True).first() or 0
    ) + 1
    for orden, (codigo, nombre, vence, dias, descripcion) in enumerate(NUEVOS, start=siguiente):
        Requisito.objects.get_or_create(
            codigo=codigo,
            defaults={
                "nombre": nombre,
                "peso": 0,
                "tiene_vencimiento": vence,
                "vigencia_dias": dias,
                "descripcion": descripcion,
                "orden": orden,
            },
        )
    requisitos = dict(Requisito.objects.filter(codigo__in=PESOS).values_list("codigo", "pk"))
    PesoRequisitoRuta.objects.bulk_create(
        [
            PesoRequisitoRuta(requisito_id=requisitos[codigo], ruta=ruta, peso=peso)
            for codigo, pesos in PESOS.items()
            if codigo in requisitos
            for ruta, peso in pesos.items()
        ],
        ignore_conflicts=True,
    )


def borrar(apps, schema_editor):
    apps.get_model("juntas", "PesoRequisitoRuta").objects.all().delete()
    apps.get_model("juntas", "Requisito").objects.filter(codigo__in=[n[0] for n in NUEVOS]).delete()


class Migration(migrations.Migration):
    dependencies = [("juntas", "0009_ruta_y_pesos_por_ruta")]

    operations = [migrations.RunPython(cargar, borrar)]
