"""The seven dimensions of the commitment and the default needs-survey instrument (draft).

Staff review it, set its dates and publish it from the admin.
"""

import datetime

from django.db import migrations

DIMENSIONES = [
    (
        "organizacion",
        "Fortaleza técnica y organizativa",
        "Cumplir objetivos y planes de acción: asamblea, directiva, planeación, libros.",
    ),
    (
        "recursos",
        "Recursos económicos, tecnológicos, físicos y humanos",
        "Con qué cuenta la Junta para ejecutar un contrato.",
    ),
    (
        "informacion",
        "Acceso a la información pública",
        "Saber dónde y cómo pedir información a las entidades del Estado.",
    ),
    (
        "secop",
        "Plataformas de contratación (SECOP II)",
        "Conocimiento y uso de SECOP II y de las modalidades de contratación.",
    ),
    (
        "transparencia",
        "Transparencia en la gestión interna",
        "Rendición de cuentas, control del fiscal y manejo de los recursos.",
    ),
    (
        "relaciones",
        "Relación con las entidades públicas",
        "Interlocución y experiencia previa con entidades del Estado.",
    ),
    (
        "requisitos",
        "Requisitos técnicos para contratar",
        "Documentos y registros que piden las entidades para contratar.",
    ),
]

SI_NO = "si_no"
LIKERT = "likert"
UNICA = "unica"
MULTIPLE = "multiple"
NUMERO = "numero"
TEXTO = "texto_largo"

# dimension, codigo, texto, tipo, opciones [(codigo, texto, puntaje)], extra
PREGUNTAS = [
    (
        "organizacion",
        "asamblea-ultimo-anio",
        "¿La asamblea general se reunió al menos dos veces en el último año?",
        SI_NO,
        [],
        {},
    ),
    (
        "organizacion",
        "plan-accion-aprobado",
        "¿La Junta tiene un plan de acción aprobado por la asamblea para este año?",
        SI_NO,
        [],
        {},
    ),
    (
        "organizacion",
        "directiva-completa",
        "¿Cuántos cargos de la directiva (presidente, vicepresidente, tesorero, secretario, fiscal) están ocupados?",
        UNICA,
        [
            ("cinco", "Los cinco", 100),
            ("tres-cuatro", "Tres o cuatro", 60),
            ("menos-tres", "Menos de tres", 10),
        ],
        {},
    ),
    (
        "organizacion",
        "comisiones-activas",
        "¿Cuántas comisiones de trabajo se reúnen con regularidad?",
        UNICA,
        [("ninguna", "Ninguna", 0), ("una-dos", "Una o dos", 50), ("tres-mas", "Tres o más", 100)],
        {},
    ),
    (
        "organizacion",
        "libros-al-dia",
        "Los libros de la Junta (afiliados, actas, tesorería, inventarios) están…",
        UNICA,
        [
            ("al-dia", "Registrados y al día", 100),
            ("atrasados", "Registrados pero atrasados", 50),
            ("sin-registro", "Sin registrar o perdidos", 0),
        ],
        {},
    ),
    (
        "recursos",
        "cuenta-bancaria",
        "¿La Junta tiene una cuenta bancaria a su nombre?",
        SI_NO,
        [],
        {},
    ),
    (
        "recursos",
        "sede",
        "¿La Junta tiene sede (propia, prestada o en comodato) para reunirse?",
        SI_NO,
        [],
        {},
    ),
    (
        "recursos",
        "equipos",
        "¿Con qué equipos cuenta la Junta? (marque todos los que tenga)",
        MULTIPLE,
        [
            ("computador", "Computador", 40),
            ("internet", "Conexión a internet", 30),
            ("impresora", "Impresora", 15),
            ("celular", "Celular de la Junta", 15),
        ],
        {"obligatoria": False},
    ),
    (
        "recursos",
        "personas-con-oficio",
        "¿Cuántos afiliados con oficios de construcción u obra estarían disponibles para un contrato?",
        NUMERO,
        [],
        {"minimo": 0, "maximo": 500},
    ),
    (
        "recursos",
        "ingresos-propios",
        "¿La Junta tuvo ingresos propios el último año (actividades, alquileres, proyectos)?",
        SI_NO,
        [],
        {},
    ),
    (
        "informacion",
        "derecho-peticion",
        "¿La Junta ha presentado derechos de petición a entidades públicas?",
        SI_NO,
        [],
        {},
    ),
    (
        "informacion",
        "respuesta-peticion",
        "¿Recibió respuesta a tiempo?",
        UNICA,
        [("siempre", "Siempre", 100), ("a-veces", "A veces", 50), ("nunca", "Nunca", 0)],
        {"condicion": ("derecho-peticion", "si")},
    ),
    (
        "informacion",
        "conoce-plan-desarrollo",
        "¿Conocen el plan de desarrollo del Distrito y sus proyectos para su barrio?",
        LIKERT,
        [],
        {},
    ),
    (
        "informacion",
        "portales-datos",
        "¿Han consultado portales de datos abiertos o de transparencia de las entidades?",
        SI_NO,
        [],
        {},
    ),
    (
        "secop",
        "conoce-secop",
        "¿Qué tanto conoce la directiva la plataforma SECOP II?",
        LIKERT,
        [],
        {"ayuda": "1 = nada; 5 = la usamos sin ayuda."},
    ),
    ("secop", "cuenta-secop", "¿La Junta tiene cuenta de proveedor en SECOP II?", SI_NO, [], {}),
    (
        "secop",
        "uso-secop",
        "¿Alguien de la directiva ha presentado una oferta o manifestado interés en SECOP II?",
        SI_NO,
        [],
        {"condicion": ("cuenta-secop", "si")},
    ),
    (
        "secop",
        "modalidades",
        "¿Cuáles formas de contratar con el Estado conocen? (marque todas)",
        MULTIPLE,
        [
            ("convenio-solidario", "Convenio solidario", 30),
            ("minima-cuantia", "Mínima cuantía", 25),
            ("decreto-092", "Convenios del Decreto 092 de 2017", 25),
            ("seleccion-abreviada", "Selección abreviada", 20),
        ],
        {"obligatoria": False},
    ),
    (
        "transparencia",
        "rendicion-cuentas",
        "¿La directiva presentó informe de cuentas a la asamblea el último año?",
        SI_NO,
        [],
        {},
    ),
    (
        "transparencia",
        "estados-aprobados",
        "¿La asamblea aprobó los estados financieros del último año?",
        SI_NO,
        [],
        {},
    ),
    (
        "transparencia",
        "fiscal-activo",
        "¿El fiscal revisa los gastos y rinde informe a la asamblea?",
        LIKERT,
        [],
        {"ayuda": "1 = nunca; 5 = siempre."},
    ),
    (
        "transparencia",
        "soportes-gastos",
        "¿Se guardan los soportes (facturas, recibos) de todos los gastos?",
        UNICA,
        [("todos", "De todos", 100), ("algunos", "De algunos", 40), ("ninguno", "De ninguno", 0)],
        {},
    ),
    (
        "relaciones",
        "contrato-previo",
        "¿La Junta ha ejecutado algún contrato o convenio con una entidad pública?",
        SI_NO,
        [],
        {},
    ),
    (
        "relaciones",
        "cuantos-contratos",
        "¿Cuántos contratos o convenios en los últimos cinco años?",
        NUMERO,
        [],
        {"minimo": 0, "maximo": 100, "condicion": ("contrato-previo", "si")},
    ),
    (
        "relaciones",
        "relacion-alcaldia",
        "¿Cómo califica la relación de la Junta con la Alcaldía y sus secretarías?",
        LIKERT,
        [],
        {"ayuda": "1 = no hay relación; 5 = trabajamos juntos con frecuencia."},
    ),
    (
        "relaciones",
        "mesas-participacion",
        "¿La Junta participa en instancias de participación (consejos, mesas, presupuesto participativo)?",
        SI_NO,
        [],
        {},
    ),
    ("requisitos", "rut-vigente", "¿La Junta tiene RUT actualizado?", SI_NO, [], {}),
    (
        "requisitos",
        "certificado-existencia",
        "¿Tienen certificado de existencia y representación legal de los últimos tres meses?",
        SI_NO,
        [],
        {},
    ),
    (
        "requisitos",
        "acta-autoriza",
        "¿La asamblea autorizó al representante legal a contratar y fijó la cuantía?",
        SI_NO,
        [],
        {},
    ),
    (
        "requisitos",
        "seguridad-social",
        "¿Sabrían afiliar a seguridad social a las personas que contraten para una obra?",
        LIKERT,
        [],
        {},
    ),
    (
        "requisitos",
        "mayor-dificultad",
        "¿Cuál es la mayor dificultad de la Junta para contratar con el Estado?",
        TEXTO,
        [],
        {"obligatoria": False},
    ),
]


def cargar(apps, schema_editor):
    Dimension = apps.get_model("capacitacion", "Dimension")
    Instrumento = apps.get_model("capacitacion", "Instrumento")
    Pregunta = apps.get_model("capacitacion", "Pregunta")
    Opcion = apps.get_model("capacitacion", "Opcion")
    dimensiones = {}
    for orden, (codigo, nombre, descripcion) in enumerate(DIMENSIONES, start=1):
        dimensiones[codigo] = Dimension.objects.create(
            codigo=codigo, nombre=nombre, descripcion=descripcion, orden=orden
        )
    instrumento = Instrumento.objects.create(
        nombre="Diagnóstico de capacidades para la contratación pública",
        version=1,
        ronda="linea_base",
        abre=datetime.date(2023, 2, 1),
        cierra=datetime.date(2023, 2, 28),
        estado="borrador",
        descripcion=(
            "Este diagnóstico mide qué tan preparada está su Junta para contratar con el Estado. "
            "Respóndanlo entre los dignatarios; pueden guardarlo y seguir después."
        ),
    )
    creadas = {}
    for orden, (dimension, codigo, texto, tipo, opciones, extra) in enumerate(PREGUNTAS, start=1):
        pregunta = Pregunta.objects.create(
            instrumento=instrumento,
            dimension=dimensiones[dimension],
            codigo=codigo,
            texto=texto,
            tipo=tipo,
            orden=orden,
            ayuda=extra.get("ayuda", ""),
            obligatoria=extra.get("obligatoria", True),
            minimo=extra.get("minimo"),
            maximo=extra.get("maximo"),
        )
        if "condicion" in extra:
            padre, valor = extra["condicion"]
            pregunta.condicion_pregunta = creadas[padre]
            pregunta.condicion_valor = valor
            pregunta.save()
        for posicion, (valor, etiqueta, puntos) in enumerate(opciones, start=1):
            Opcion.objects.create(
                pregunta=pregunta, codigo=valor, texto=etiqueta, puntaje=puntos, orden=posicion
            )
        creadas[codigo] = pregunta


def borrar(apps, schema_editor):
    apps.get_model("capacitacion", "Instrumento").objects.filter(
        nombre="Diagnóstico de capacidades para la contratación pública"
    ).delete()
    apps.get_model("capacitacion", "Dimension").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("capacitacion", "0001_diagnostico")]

    operations = [migrations.RunPython(cargar, borrar)]
