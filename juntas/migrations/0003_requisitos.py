"""The procurement-readiness catalogue with proposed weights (they add up to 100).

Weights and validity periods are a proposal for the Secretaría to edit in the admin.
"""

from django.db import migrations

# codigo, nombre, peso, vence, vigencia en días, descripción
REQUISITOS = [
    (
        "personeria-vigente",
        "Personería jurídica vigente",
        8,
        False,
        None,
        "Reconocimiento de personería jurídica de la organización, sin suspensión ni cancelación.",
    ),
    (
        "certificado-existencia",
        "Certificado de existencia, representación legal y dignatarios",
        8,
        True,
        90,
        "Expedido por la entidad de inspección, vigilancia y control; las entidades lo piden reciente.",
    ),
    (
        "dignatarios-inscritos",
        "Dignatarios inscritos para el periodo actual",
        6,
        False,
        None,
        "La directiva elegida está inscrita ante la entidad de inspección, vigilancia y control.",
    ),
    (
        "estatutos-ley-2166",
        "Estatutos actualizados a la Ley 2166 de 2021",
        5,
        False,
        None,
        "Reforma estatutaria aprobada por la asamblea y registrada.",
    ),
    (
        "libros-registrados",
        "Libros registrados y al día",
        5,
        False,
        None,
        "Libros de afiliados, actas, tesorería e inventarios registrados y sellados.",
    ),
    (
        "acta-autoriza-contratar",
        "Acta de asamblea que autoriza al representante legal a contratar",
        7,
        True,
        365,
        "La asamblea fija la cuantía hasta la que el representante legal puede contratar.",
    ),
    (
        "plan-accion",
        "Plan de acción y plan de desarrollo comunal aprobados",
        5,
        True,
        365,
        "Aprobados por la asamblea general para el periodo vigente.",
    ),
    (
        "rut",
        "RUT con NIT",
        9,
        False,
        None,
        "Registro Único Tributario de la DIAN a nombre de la Junta, actualizado.",
    ),
    (
        "ruc",
        "Inscripción en el Registro Único Comunal (RUC)",
        4,
        False,
        None,
        "Registro del Ministerio del Interior.",
    ),
    (
        "secop-ii",
        "Registro como proveedor en SECOP II",
        9,
        False,
        None,
        "Cuenta de proveedor de la Junta en la plataforma de Colombia Compra Eficiente.",
    ),
    (
        "cuenta-bancaria",
        "Cuenta bancaria a nombre de la Junta",
        7,
        True,
        90,
        "Certificación bancaria reciente de una cuenta a nombre de la organización.",
    ),
    (
        "estados-financieros",
        "Estados financieros anuales aprobados",
        7,
        True,
        365,
        "Aprobados por la asamblea, con firma del tesorero y, si aplica, del contador.",
    ),
    (
        "experiencia",
        "Experiencia certificada",
        5,
        False,
        None,
        "Certificaciones de contratos, convenios u obras ejecutadas por la Junta.",
    ),
    (
        "antecedentes-representante",
        "Antecedentes del representante legal",
        5,
        True,
        90,
        "Certificados de Procuraduría, Contraloría y Policía sin anotaciones.",
    ),
    (
        "seguridad-social",
        "Paz y salvo de seguridad social y parafiscales",
        4,
        True,
        30,
        "Certificación de cumplimiento de aportes (artículo 50 de la Ley 789 de 2002).",
    ),
    (
        "polizas",
        "Pólizas de garantía cuando se exijan",
        2,
        True,
        365,
        "Capacidad de constituir las garantías que pida el contrato.",
    ),
    (
        "rup",
        "Registro Único de Proponentes (RUP) cuando la modalidad lo exija",
        4,
        True,
        365,
        "Solo para modalidades que lo exigen; se renueva cada año en la Cámara de Comercio.",
    ),
]


def cargar(apps, schema_editor):
    Requisito = apps.get_model("juntas", "Requisito")
    for orden, (codigo, nombre, peso, vence, dias, descripcion) in enumerate(REQUISITOS, start=1):
        Requisito.objects.create(
            codigo=codigo,
            nombre=nombre,
            peso=peso,
            tiene_vencimiento=vence,
            vigencia_dias=dias,
            descripcion=descripcion,
            orden=orden,
        )


def borrar(apps, schema_editor):
    apps.get_model("juntas", "Requisito").objects.filter(
        codigo__in=[r[0] for r in REQUISITOS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("juntas", "0002_territorio")]

    operations = [migrations.RunPython(cargar, borrar)]
