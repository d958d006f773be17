"""Demo data for the commitment: COCDI0001 with its five milestones, targets, verified levels
(one proposal still waiting for the monitor), evidence, updates, an observation thread, the
end-of-commitment assessment and a monthly history of the indicators.

The milestones keep the real commitment's calendar (2023) moved as a whole so that the demo's
«today» falls where the story is: milestones 1 to 4 done, milestone 5 under way, the commitment
ending a month later, next to the training sessions the demo schedules around today."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from demo.calendario import HOY_EN_EL_CALENDARIO, movida
from hitos import catalogo, indicadores, services
from hitos.models import (
    Actualizacion,
    Compromiso,
    Evidencia,
    Hito,
    Indicador,
    Medicion,
    ValoracionOGP,
)

CODIGO = "COCDI0001"

HITOS = [
    (
        1, Hito.Tipo.IDENTIFICACION,
        "Identificar las Juntas de Acción Comunal que participan en la estrategia",
        "Depurar el registro de Juntas del Distrito y vincular a las que quieren prepararse para "
        "contratar con el Estado.",
        datetime.date(2023, 1, 2), datetime.date(2023, 1, 31),
        datetime.date(2023, 1, 10), datetime.date(2023, 2, 3),
        ["juntas_participantes"],
    ),
    (
        2, Hito.Tipo.DIAGNOSTICO,
        "Diagnosticar las necesidades organizativas de las Juntas en contratación pública",
        "Aplicar a cada Junta participante una encuesta sobre los siete problemas que el "
        "compromiso identificó, para saber dónde está más débil.",
        datetime.date(2023, 2, 1), datetime.date(2023, 2, 28),
        datetime.date(2023, 2, 1), datetime.date(2023, 3, 10),
        ["encuestas_linea_base"],
    ),
    (
        3, Hito.Tipo.ESTRATEGIA,
        "Diseñar la estrategia de fortalecimiento a partir del diagnóstico",
        "Priorizar las necesidades y convertirlas en módulos de formación y acompañamiento, "
        "aprobados por el comité técnico del compromiso.",
        datetime.date(2023, 2, 15), datetime.date(2023, 3, 31),
        datetime.date(2023, 3, 1), datetime.date(2023, 3, 24),
        ["modulos_definidos", "priorizacion_hecha", "estrategia_aprobada"],
    ),
    (
        4, Hito.Tipo.IMPLEMENTACION,
        "Implementar la estrategia: formación y acompañamiento técnico",
        "Tres diplomados de 120 horas con una universidad aliada, visitas de acompañamiento a las "
        "Juntas y un foro sobre contratación de obras con organismos comunales.",
        datetime.date(2023, 4, 1), datetime.date(2023, 9, 30),
        datetime.date(2023, 5, 4), datetime.date(2023, 9, 30),
        ["sesiones_realizadas", "juntas_formadas", "personas_formadas", "horas_impartidas",
         "visitas_acompanamiento"],
    ),
    (
        5, Hito.Tipo.SEGUIMIENTO,
        "Hacer seguimiento a la estrategia y medir el cambio en las Juntas",
        "Repetir el diagnóstico, medir la preparación de las Juntas para contratar y cerrar las "
        "acciones de sus planes de fortalecimiento.",
        datetime.date(2023, 4, 1), datetime.date(2023, 9, 30),
        datetime.date(2023, 4, 15), None,
        ["encuestas_seguimiento", "cambio_indice_capacidad", "indice_habilitacion",
         "cambio_indice_habilitacion", "acciones_hechas", "juntas_contrataron_tras_formacion"],
    ),
]  # fmt: skip

METAS = {"juntas_formadas": Decimal(80), "personas_formadas": Decimal(240)}

# The local action plan the commitment belongs to (2022–2023 in the real calendar).
PLAN = (datetime.date(2022, 6, 1), datetime.date(2023, 11, 30))


def borrar():
    Compromiso.objects.all().delete()


def sembrar(hoy=None):
    """Create the demo commitment (replacing a previous one). Returns the commitment."""
    User = get_user_model()
    hoy = hoy or timezone.localdate()
    secretaria = User.objects.filter(username="secretaria").first()
    monitor = User.objects.filter(username="monitor").first()
    Compromiso.objects.filter(codigo=CODIGO).delete()
    compromiso = Compromiso.objects.create(
        codigo=CODIGO,
        titulo="Acompañamiento técnico para fortalecer organizativamente a las Juntas de Acción "
        "Comunal en la contratación pública",
        plan="Plan de acción local de Gobierno Abierto de Cartagena de Indias "
        f"{movida(PLAN[0], hoy).year}–{movida(PLAN[1], hoy).year}",
        inicio=movida(datetime.date(2023, 1, 2), hoy),
        fin=movida(datetime.date(2023, 11, 30), hoy),
        entidad_lider="Alcaldía Distrital de Cartagena de Indias — Secretaría de Participación y "
        "Desarrollo Social",
        otros_actores="Funcicar; Programa Juntos por la Transparencia (USAID); universidad aliada",
        problema="Las Juntas de Acción Comunal casi nunca contratan con el Estado: les faltan "
        "documentos al día, conocimiento de SECOP II, recursos y prácticas de transparencia.",
        status_quo="De 429 Juntas registradas, pocas tenían los requisitos para presentar una "
        "oferta y ninguna había contratado obras menores con el Distrito.",
        accion="Identificar a las Juntas interesadas, diagnosticar sus necesidades, formarlas y "
        "acompañarlas, y medir el cambio.",
        contribucion="Con Juntas preparadas, el Distrito puede contratar con ellas obras y "
        "servicios de su barrio (Ley 2166 de 2021), con control social.",
        objetivo_largo_plazo="Que las Juntas participen en la contratación pública con "
        "transparencia y capacidad técnica.",
        areas_politica="Contratación pública, espacio cívico",
        valores=["participacion_civica", "acceso_informacion", "tecnologia"],
        recursos_asegurados=True,
        monitor="Funcicar",
    )
    valores = indicadores.medir(hoy)
    for numero, tipo, titulo, descripcion, ip, fp, ir, fr, codigos in HITOS:
        ip, fp, ir, fr = (movida(f, hoy) for f in (ip, fp, ir, fr))
        hito = Hito.objects.create(
            compromiso=compromiso, numero=numero, tipo=tipo, titulo=titulo,
            descripcion=descripcion, inicio_previsto=ip, fin_previsto=fp, inicio_real=ir,
            fin_real=fr, responsable="Secretaría de Participación y Desarrollo Social",
        )  # fmt: skip
        for orden, codigo in enumerate(codigos):
            Indicador.objects.create(
                hito=hito,
                codigo=codigo,
                orden=orden,
                meta=METAS.get(codigo, catalogo.DEFINICIONES[codigo].meta_sugerida),
            )
        Evidencia.objects.create(
            hito=hito, titulo=f"Informe del hito {numero}", fecha=fr or ip,
            enlace=f"https://www.cartagena.gov.co/gobierno-abierto/cocdi0001/hito-{numero}",
            descripcion="Informe presentado al comité técnico del compromiso.", publica=True,
            agregada_por=secretaria,
        )  # fmt: skip
        Actualizacion.objects.create(
            hito=hito, fecha=fr or hoy, autor=secretaria,
            texto=f"Avance del hito {numero}: {descripcion}",
        )  # fmt: skip
        if secretaria and monitor:
            # Milestones 1-4 verified complete; milestone 5 verified substantial, and a
            # proposal to mark it complete waits for the monitor (the two keys at work).
            propuesta = services.proponer_nivel(
                hito, nivel="completo" if numero < 5 else "sustancial",
                avance=100 if numero < 5 else 80, usuario=secretaria,
                justificacion="Cumplido en los términos del plan; ver el informe del hito."
                if numero < 5 else "Seguimiento en curso: los planes de fortalecimiento avanzan.",
            )  # fmt: skip
            services.verificar(propuesta, usuario=monitor)
            if numero == 5:
                services.proponer_nivel(
                    hito, nivel="completo", avance=100, usuario=secretaria,
                    justificacion="Se aplicó la encuesta de seguimiento y se midió el cambio "
                    "en los índices; ver el informe final.",
                )  # fmt: skip
    if secretaria and monitor:
        hito4 = compromiso.hitos.get(numero=4)
        pregunta = services.observar(
            hito4, usuario=monitor,
            texto="¿Cuántas de las personas formadas son mujeres? Sería bueno reportarlo.",
        )  # fmt: skip
        services.responder(
            pregunta, usuario=secretaria,
            texto="Lo agregaremos al próximo informe; la planilla de asistencia ya lo registra.",
        )  # fmt: skip
        services.observar(
            compromiso.hitos.get(numero=5), usuario=monitor,
            texto="Falta la evidencia del cierre de las acciones vencidas de los planes.",
        )  # fmt: skip
    for valor, resultado, explicacion in (
        ("participacion_civica", "mayor",
         "Las Juntas pasaron de no saber cómo contratar a tener un plan y delegados formados."),
        ("acceso_informacion", "marginal",
         "El portal publica el avance y los datos abiertos de los indicadores."),
    ):  # fmt: skip
        ValoracionOGP.objects.create(
            compromiso=compromiso, valor=valor, resultado=resultado, explicacion=explicacion
        )
    _historia(compromiso, valores, hoy)
    return compromiso


def _historia(compromiso, valores, hoy):
    """A measurement every month from the commitment's second month to today, ramping up to
    today's values (the last one is today's)."""
    meses = [
        movida(datetime.date(2023, mes, 28), hoy) for mes in range(2, HOY_EN_EL_CALENDARIO.month)
    ] + [hoy]
    filas = []
    for indicador in Indicador.objects.filter(hito__compromiso=compromiso):
        final = valores.get(indicador.codigo)
        if final is None:
            continue
        for n, fecha in enumerate(meses, start=1):
            if indicador.codigo == "indice_habilitacion":
                valor = final - Decimal(len(meses) - n)  # the index grew a point a month
            else:
                valor = final * n / len(meses)
            filas.append(
                Medicion(
                    indicador=indicador, fecha=fecha, valor=Decimal(valor).quantize(Decimal("0.01"))
                )
            )
    Medicion.objects.bulk_create(filas)
