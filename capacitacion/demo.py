"""Demo data for the needs survey: a closed baseline answered by most participating Juntas, and
an open follow-up that part of them already answered with a plausible improvement."""

import datetime
from decimal import Decimal

from django.utils import timezone

from juntas.demo import LOTE, Barra

from . import services
from .models import (
    Instrumento,
    Pregunta,
    PuntajeDimension,
    Respuesta,
    RespuestaPregunta,
    Seleccion,
)

DOS = Decimal("0.01")
NOMBRE = "Diagnóstico de capacidades para la contratación pública"
DIFICULTADES = [
    "No sabemos cómo registrarnos en SECOP II.",
    "Nos faltan documentos al día, sobre todo el certificado de existencia.",
    "No tenemos cuenta bancaria a nombre de la Junta.",
    "La asamblea no se reúne y no hay quórum para autorizar contratos.",
    "Falta capacitación en formulación de proyectos.",
]


class SembradorDiagnostico:
    def __init__(self, rng, hoy, salida):
        self.rng, self.hoy, self.salida = rng, hoy, salida

    def borrar(self):
        """Remove the demo's responses and sessions (plain DELETEs: no per-row signals)."""
        from .models import AjustePlan, Inscripcion, Persona, Sesion

        for modelo in (
            Seleccion, PuntajeDimension, RespuestaPregunta, Respuesta,
            Inscripcion, Sesion, Persona, AjustePlan,
        ):  # fmt: skip
            modelo.objects.all()._raw_delete(modelo.objects.db)

    def instrumentos(self):
        """The default instrument as the closed February 2023 baseline, and an open follow-up."""
        base = (
            Instrumento.objects.filter(nombre=NOMBRE, ronda=Instrumento.Ronda.LINEA_BASE)
            .order_by("version")
            .first()
        )
        base.estado = Instrumento.Estado.CERRADO
        base.abre, base.cierra = datetime.date(2023, 2, 1), datetime.date(2023, 2, 28)
        base.save()
        seguimiento = Instrumento.objects.filter(
            nombre=NOMBRE, ronda=Instrumento.Ronda.SEGUIMIENTO
        ).first()
        if seguimiento is None:
            seguimiento = services.duplicar_como_nueva_version(base)
            seguimiento.ronda, seguimiento.version = Instrumento.Ronda.SEGUIMIENTO, 1
        seguimiento.estado = Instrumento.Estado.PUBLICADO
        seguimiento.abre = self.hoy - datetime.timedelta(days=20)
        seguimiento.cierra = self.hoy + datetime.timedelta(days=40)
        seguimiento.save()
        return base, seguimiento

    def sembrar(self, organizaciones, secretaria):
        base, seguimiento = self.instrumentos()
        participantes = [o for o in organizaciones if o.participa]
        capacidad = {o.pk: self.rng.betavariate(2, 2.5) for o in participantes}
        # The demo leaders: `lider` sent the baseline and may answer the follow-up now;
        # `lider2` left the follow-up as a draft.
        fijos = {o.pk for o in organizaciones[:2]}
        en_base, en_seguimiento = [], []
        for org in participantes:
            sorteo = self.rng.random()
            if org.pk in fijos or sorteo < 0.85:
                en_base.append((org, self._estado_enviado()))
            elif sorteo < 0.92:
                en_base.append((org, Respuesta.Estado.BORRADOR))
        for org, estado in en_base:
            if org.pk in fijos:
                continue
            if estado != Respuesta.Estado.BORRADOR and self.rng.random() < 0.45:
                en_seguimiento.append((org, self._estado_enviado()))
        if len(organizaciones) > 1 and organizaciones[1].participa:
            en_seguimiento.append((organizaciones[1], Respuesta.Estado.BORRADOR))
        total = self._responder(base, en_base, capacidad, 0.0, secretaria, "Línea base")
        total += self._responder(
            seguimiento, en_seguimiento, capacidad, 0.12, secretaria, "Seguimiento"
        )
        return total

    def _estado_enviado(self):
        sorteo = self.rng.random()
        if sorteo < 0.6:
            return Respuesta.Estado.APROBADA
        if sorteo < 0.7:
            return Respuesta.Estado.CON_OBSERVACIONES
        return Respuesta.Estado.ENVIADA

    def _responder(self, instrumento, quienes, capacidad, mejora, secretaria, titulo):
        """Bulk-create responses with answers and scores, computed as the engine computes them."""
        preguntas = services.preguntas_de(instrumento)
        barra = Barra(len(quienes), self.salida, titulo)
        inicio = instrumento.abre
        ventana = max(1, (min(instrumento.cierra, self.hoy) - inicio).days)
        zona = timezone.get_current_timezone()
        for desde in range(0, len(quienes), LOTE // 4):
            grupo = quienes[desde : desde + LOTE // 4]
            respuestas, filas, puntajes = [], [], []
            for org, estado in grupo:
                nivel = min(1.0, capacidad.get(org.pk, 0.4) + mejora * (0.5 + self.rng.random()))
                contestadas = self._contestar(
                    preguntas, nivel, parcial=estado == Respuesta.Estado.BORRADOR
                )
                por_dimension = {}
                for pregunta, fila in contestadas:
                    if fila.puntaje is not None:
                        por_dimension.setdefault(pregunta.dimension_id, []).append(fila.puntaje)
                promedios = {d: (sum(v) / len(v)).quantize(DOS) for d, v in por_dimension.items()}
                enviada = estado != Respuesta.Estado.BORRADOR
                momento = datetime.datetime.combine(
                    inicio + datetime.timedelta(days=self.rng.randint(0, ventana)),
                    datetime.time(self.rng.randint(7, 20), self.rng.randint(0, 59)),
                    tzinfo=zona,
                )
                respuesta = Respuesta(
                    organizacion_id=org.pk,
                    instrumento=instrumento,
                    estado=estado,
                    por_la_secretaria=self.rng.random() < 0.15,
                    enviada_en=momento if enviada else None,
                    revisada_por=secretaria
                    if estado in (Respuesta.Estado.APROBADA, Respuesta.Estado.CON_OBSERVACIONES)
                    else None,
                    revisada_en=momento + datetime.timedelta(days=3)
                    if enviada and estado != Respuesta.Estado.ENVIADA
                    else None,
                    comentario_revision=(
                        "Revisen las respuestas sobre documentos: no coinciden con el registro."
                        if estado == Respuesta.Estado.CON_OBSERVACIONES
                        else ""
                    ),
                    indice=(sum(promedios.values()) / len(promedios)).quantize(DOS)
                    if promedios
                    else None,
                )
                respuestas.append(respuesta)
                filas.append((respuesta, contestadas))
                puntajes.append((respuesta, promedios))
            Respuesta.objects.bulk_create(respuestas)
            nuevas = []
            for respuesta, contestadas in filas:
                for _pregunta, fila in contestadas:
                    fila.respuesta = respuesta
                    nuevas.append(fila)
            RespuestaPregunta.objects.bulk_create(nuevas, batch_size=LOTE)
            Seleccion.objects.bulk_create(
                (
                    Seleccion(respuesta_pregunta=fila, pregunta_id=fila.pregunta_id, codigo=codigo)
                    for fila in nuevas
                    for codigo in fila.valores
                ),
                batch_size=LOTE,
            )
            PuntajeDimension.objects.bulk_create(
                (
                    PuntajeDimension(respuesta=respuesta, dimension_id=dimension, puntaje=valor)
                    for respuesta, promedios in puntajes
                    for dimension, valor in promedios.items()
                ),
                batch_size=LOTE,
            )
            barra.avanzar(desde + len(grupo))
        return len(quienes)

    def _contestar(self, preguntas, nivel, parcial=False):
        """Plausible answers for a Junta of capacity `nivel` (0-1); only visible questions."""
        rng = self.rng
        respuestas = {}
        contestadas = []
        corte = rng.randint(3, len(preguntas) // 2) if parcial else len(preguntas)
        for pregunta in preguntas[:corte]:
            padre = pregunta.condicion_pregunta_id
            if padre and pregunta.condicion_valor not in services.valor_para_condicion(
                respuestas.get(padre)
            ):
                continue
            if not pregunta.obligatoria and rng.random() < 0.3:
                continue
            fila = RespuestaPregunta(pregunta=pregunta)
            tipo = pregunta.tipo
            if tipo == Pregunta.Tipo.SI_NO:
                fila.valor = "si" if rng.random() < 0.15 + 0.8 * nivel else "no"
            elif tipo == Pregunta.Tipo.LIKERT:
                fila.valor = str(max(1, min(5, round(1 + 4 * nivel + rng.gauss(0, 0.8)))))
            elif tipo == Pregunta.Tipo.UNICA:
                opciones = list(pregunta.opciones.all())
                objetivo = 100 * nivel + rng.gauss(0, 20)
                fila.valor = min(opciones, key=lambda o: abs(o.puntaje - objetivo)).codigo
            elif tipo == Pregunta.Tipo.MULTIPLE:
                fila.valores = [o.codigo for o in pregunta.opciones.all() if rng.random() < nivel]
                if not fila.valores:
                    continue
            elif tipo == Pregunta.Tipo.NUMERO:
                maximo = float(pregunta.maximo or 50)
                fila.numero = Decimal(
                    round(min(maximo, rng.expovariate(1 / (1 + nivel * maximo / 10))))
                )
            elif tipo in (Pregunta.Tipo.TEXTO_CORTO, Pregunta.Tipo.TEXTO_LARGO):
                fila.texto = rng.choice(DIFICULTADES)
            else:
                continue
            fila.puntaje = services.puntaje(pregunta, fila)
            respuestas[pregunta.pk] = fila
            contestadas.append((pregunta, fila))
        return contestadas


# The 2023 strategy: three 120-hour diplomados in ten modules (names and contents our own).
PROGRAMAS = [
    (
        "Diplomado en fortalecimiento organizativo",
        [
            ("Organización comunal y la Ley 2166 de 2021", 24, "presencial", ["organizacion"]),
            (
                "Planeación: plan de acción y plan de desarrollo comunal",
                32,
                "presencial",
                ["organizacion", "relaciones"],
            ),
            (
                "Gestión contable, libros y rendición de cuentas",
                32,
                "mixta",
                ["transparencia", "recursos"],
            ),
            (
                "Control social, fiscalía y transparencia",
                32,
                "presencial",
                ["transparencia", "informacion"],
            ),
        ],
    ),
    (
        "Diplomado en formulación y administración de proyectos",
        [
            (
                "Formulación de proyectos comunitarios",
                40,
                "presencial",
                ["organizacion", "recursos"],
            ),
            (
                "Contratación estatal con organizaciones comunales",
                40,
                "presencial",
                ["requisitos", "relaciones"],
            ),
            (
                "Ejecución e interventoría de convenios solidarios",
                40,
                "mixta",
                ["requisitos", "recursos"],
            ),
        ],
    ),
    (
        "Diplomado en habilidades tecnológicas (TIC)",
        [
            ("Herramientas digitales para la Junta", 40, "mixta", ["recursos", "informacion"]),
            ("SECOP II paso a paso", 48, "virtual", ["secop", "requisitos"]),
            (
                "Acceso a la información pública y datos abiertos",
                32,
                "virtual",
                ["informacion", "relaciones"],
            ),
        ],
    ),
]


def sembrar_estrategia():
    """Programmes, modules and the approved strategy (idempotent: found by name)."""
    from .models import Dimension, Estrategia, Modulo, Programa

    dimensiones = {d.codigo: d for d in Dimension.objects.all()}
    for orden, (nombre, modulos) in enumerate(PROGRAMAS, start=1):
        programa, _creado = Programa.objects.get_or_create(nombre=nombre, defaults={"orden": orden})
        for posicion, (titulo, horas, modalidad, atiende) in enumerate(modulos, start=1):
            modulo, _creado = Modulo.objects.get_or_create(
                nombre=titulo,
                defaults={
                    "programa": programa,
                    "horas": horas,
                    "modalidad": modalidad,
                    "orden": posicion,
                    "objetivos": f"Que los dignatarios apliquen lo aprendido en «{titulo.lower()}» "
                    "a la gestión de su Junta.",
                },
            )
            modulo.dimensiones.set([dimensiones[c] for c in atiende])
    estrategia, _creada = Estrategia.objects.get_or_create(
        nombre="Estrategia de fortalecimiento de las JAC para la contratación pública",
        version=1,
        defaults={
            "aprobada_en": datetime.date(2023, 3, 24),
            "acto": "Acta 03 del comité técnico del compromiso, 24/03/2023",
            "umbral": 60,
        },
    )
    return estrategia


def sembrar_sesiones(organizaciones, rng, hoy):
    """Sessions of every module on Fridays and Saturdays from May to September 2023, held, with
    registrations and attendance; and two upcoming ones open for registration."""
    from juntas.models import Dignatario

    from .models import Inscripcion, Modulo, Persona, Sesion

    zona = timezone.get_current_timezone()
    participantes = [o for o in organizaciones if o.participa]
    if not participantes:
        return 0
    dignatarios = list(
        Dignatario.objects.filter(organizacion__in=[o.pk for o in participantes[:400]], activo=True)
    )
    personas = {}
    for d in dignatarios:
        personas.setdefault(d.documento, Persona(
            documento=d.documento, nombres=d.nombres, apellidos=d.apellidos,
            telefono=d.telefono, correo=d.correo, organizacion_id=d.organizacion_id,
        ))  # fmt: skip
    Persona.objects.bulk_create(personas.values(), ignore_conflicts=True)
    personas = list(Persona.objects.filter(documento__in=list(personas)))
    dia = datetime.date(2023, 5, 5)  # the first Friday of May 2023
    sesiones = []
    for modulo in Modulo.objects.filter(activo=True).order_by("programa__orden", "orden"):
        for _vez in range(2):
            inicio = datetime.datetime.combine(dia, datetime.time(8, 0), tzinfo=zona)
            sesiones.append(Sesion(
                modulo=modulo, inicio=inicio, fin=inicio + datetime.timedelta(hours=4),
                modalidad=modulo.modalidad, lugar="Universidad — sede Piedra de Bolívar",
                enlace="https://reuniones.example.org/jac" if modulo.modalidad == "virtual" else "",
                facilitador_organizacion="Universidad aliada", cupo=40, cupo_por_junta=3,
                estado=Sesion.Estado.REALIZADA,
            ))  # fmt: skip
            dia += datetime.timedelta(days=1 if dia.weekday() == 4 else 6)
    for semanas in (1, 2):
        inicio = datetime.datetime.combine(
            hoy + datetime.timedelta(weeks=semanas), datetime.time(8, 0), tzinfo=zona
        )
        sesiones.append(Sesion(
            modulo=Modulo.objects.get(nombre="SECOP II paso a paso"), inicio=inicio,
            fin=inicio + datetime.timedelta(hours=4), lugar="Casa de la Cultura de Manga",
            facilitador_organizacion="Secretaría de Participación", cupo=40, cupo_por_junta=3,
        ))  # fmt: skip
    sesiones = Sesion.objects.bulk_create(sesiones)
    inscripciones = []
    for sesion in sesiones:
        if sesion.estado != Sesion.Estado.REALIZADA:
            continue
        for persona in rng.sample(personas, min(len(personas), rng.randint(25, 40))):
            inscripciones.append(Inscripcion(
                sesion=sesion, persona=persona, organizacion_id=persona.organizacion_id,
                asistio=rng.random() < 0.8, asistencia_en=sesion.fin,
            ))  # fmt: skip
    Inscripcion.objects.bulk_create(inscripciones, ignore_conflicts=True)
    return len(sesiones)
