"""Demo data for the needs survey: a closed baseline answered by most participating Juntas, and
an open follow-up that part of them already answered with a plausible improvement."""

import datetime
from decimal import Decimal

from django.utils import timezone

from capacitacion import reglas
from capacitacion.models import (
    Instrumento,
    Pregunta,
    PuntajeDimension,
    Respuesta,
    RespuestaPregunta,
    Seleccion,
)
from capacitacion.services import encuesta as services
from demo.calendario import movida
from demo.carga import insertar, reservar_ids
from demo.registro import LOTE, Barra

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
        from capacitacion.models import (
            AccionPlan,
            Acompanamiento,
            AjustePlan,
            Certificado,
            Evaluacion,
            Inscripcion,
            Persona,
            Sesion,
        )  # fmt: skip

        for modelo in (
            Seleccion, PuntajeDimension, RespuestaPregunta, Respuesta, Evaluacion, Certificado,
            AccionPlan, Acompanamiento, Inscripcion, Sesion, Persona, AjustePlan,
        ):  # fmt: skip
            modelo.objects.all()._raw_delete(modelo.objects.db)

    def instrumentos(self):
        """The default instrument as the closed baseline (February 2023 in the real calendar,
        demo.calendario), and an open follow-up."""
        base = (
            Instrumento.objects.filter(nombre=NOMBRE, ronda=Instrumento.Ronda.LINEA_BASE)
            .order_by("version")
            .first()
        )
        base.estado = Instrumento.Estado.CERRADO
        base.abre = movida(datetime.date(2023, 2, 1), self.hoy)
        base.cierra = movida(datetime.date(2023, 2, 28), self.hoy)
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
            nuevas = [
                (respuesta, fila) for respuesta, contestadas in filas for _p, fila in contestadas
            ]
            ids = reservar_ids(RespuestaPregunta, len(nuevas))
            if ids is None:  # SQLite: bulk_create gives the ids back
                for respuesta, fila in nuevas:
                    fila.respuesta = respuesta
                RespuestaPregunta.objects.bulk_create([f for _r, f in nuevas], batch_size=LOTE)
                ids = [f.pk for _r, f in nuevas]
            else:
                insertar(
                    RespuestaPregunta,
                    ["id", "respuesta_id", "pregunta_id", "valor", "valores", "numero", "fecha",
                     "texto", "puntaje"],
                    (
                        (pk, r.pk, f.pregunta_id, f.valor, f.valores, f.numero, f.fecha, f.texto,
                         f.puntaje)
                        for pk, (r, f) in zip(ids, nuevas, strict=True)
                    ),
                )  # fmt: skip
            insertar(
                Seleccion,
                ["respuesta_pregunta_id", "pregunta_id", "codigo"],
                (
                    (pk, fila.pregunta_id, codigo)
                    for pk, (_r, fila) in zip(ids, nuevas, strict=True)
                    for codigo in fila.valores
                ),
            )
            insertar(
                PuntajeDimension,
                ["respuesta_id", "dimension_id", "puntaje"],
                (
                    (respuesta.pk, dimension, valor)
                    for respuesta, promedios in puntajes
                    for dimension, valor in promedios.items()
                ),
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
            if padre and pregunta.condicion_valor not in reglas.valor_para_condicion(
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
            fila.puntaje = reglas.puntaje(pregunta, fila)
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


def sembrar_estrategia(hoy=None):
    """Programmes, modules and the approved strategy (idempotent: found by name)."""
    aprobada = movida(datetime.date(2023, 3, 24), hoy or timezone.localdate())
    from capacitacion.models import Dimension, Estrategia, Modulo, Programa

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
            "aprobada_en": aprobada,
            "acto": f"Acta 03 del comité técnico del compromiso, {aprobada:%d/%m/%Y}",
            "umbral": 60,
        },
    )
    return estrategia


# The share of participating Juntas the 2023 cohort reached (120 of 313 in the demo registry);
# at national scale the cohort, its groups and sessions grow in proportion.
COHORTE = 0.38
POR_GRUPO = 40


def sembrar_sesiones(organizaciones, rng, hoy):
    """The 2023 delivery: each diplomado taught in groups of up to 40 (two for Cartagena), one
    8-hour session a week from May to September 2023, so each module's sessions add up to its
    hours. Each Junta of the cohort sends one delegate to one group of each diplomado, who
    registers for all its sessions and attends most of them; two sessions open for registration.
    Returns the number of sessions."""
    import math

    from capacitacion.models import Inscripcion, Modulo, Persona, Programa, Sesion
    from juntas.models import Dignatario

    zona = timezone.get_current_timezone()
    participantes = [o for o in organizaciones if o.participa]
    if not participantes:
        return 0
    cohorte = participantes[: max(120, round(len(participantes) * COHORTE))]
    grupos_por_diplomado = max(2, math.ceil(len(cohorte) / POR_GRUPO))
    personas, por_junta = {}, {}
    for d in Dignatario.objects.filter(
        organizacion__in=[o.pk for o in cohorte], activo=True
    ).order_by("organizacion_id", "pk").values_list(
        "organizacion_id", "documento", "nombres", "apellidos", "telefono", "correo"
    ):  # fmt: skip
        if len(por_junta.setdefault(d[0], [])) < 4 and d[1] not in personas:
            personas[d[1]] = d
            por_junta[d[0]].append(d[1])
    insertar(
        Persona,
        ["organizacion_id", "documento", "nombres", "apellidos", "telefono", "correo"],
        personas.values(),
    )
    ids = dict(Persona.objects.filter(documento__in=list(personas)).values_list("documento", "pk"))
    por_junta = {org: [ids[doc] for doc in docs] for org, docs in por_junta.items()}
    juntas = sorted(j for j in por_junta if por_junta[j])
    lugares = ["Universidad — sede Piedra de Bolívar", "Casa de la Cultura de Manga"]
    sesiones, grupos = [], []
    for p, programa in enumerate(Programa.objects.order_by("orden")):
        modulos = list(Modulo.objects.filter(programa=programa, activo=True).order_by("orden"))
        for g in range(grupos_por_diplomado):
            miembros = [
                (junta, por_junta[junta][(p + g) % len(por_junta[junta])])
                for i, junta in enumerate(juntas)
                if i % grupos_por_diplomado == g
            ][:POR_GRUPO]
            # Six consecutive weekdays but Sunday's place (one day per group), weekly after.
            dia = movida(datetime.date(2023, 5, 4), hoy) + datetime.timedelta(
                days=(0, 1, 2, 4, 5, 6)[(2 * p + g) % 6]
            )
            for modulo in modulos:
                for _parte in range(max(1, modulo.horas // 8)):
                    inicio = datetime.datetime.combine(dia, datetime.time(8, 0), tzinfo=zona)
                    sesiones.append(Sesion(
                        modulo=modulo, inicio=inicio, fin=inicio + datetime.timedelta(hours=8),
                        modalidad=modulo.modalidad, lugar=lugares[g % 2],
                        enlace="https://reuniones.example.org/jac"
                        if modulo.modalidad == "virtual" else "",
                        facilitador_organizacion="Universidad aliada", cupo=POR_GRUPO,
                        cupo_por_junta=3, estado=Sesion.Estado.REALIZADA,
                    ))  # fmt: skip
                    grupos.append(miembros)
                    dia += datetime.timedelta(weeks=1)
    for semanas in (1, 2):
        inicio = datetime.datetime.combine(
            hoy + datetime.timedelta(weeks=semanas), datetime.time(8, 0), tzinfo=zona
        )
        sesiones.append(Sesion(
            modulo=Modulo.objects.get(nombre="SECOP II paso a paso"), inicio=inicio,
            fin=inicio + datetime.timedelta(hours=4), lugar="Casa de la Cultura de Manga",
            facilitador_organizacion="Secretaría de Participación", cupo=40, cupo_por_junta=3,
        ))  # fmt: skip
        grupos.append([])
    sesiones = Sesion.objects.bulk_create(sesiones, batch_size=LOTE)
    constancia = {}
    filas = []
    for sesion, miembros in zip(sesiones, grupos, strict=True):
        for junta, persona in miembros:
            # Each person has their own habit: most come nearly always, some drop out.
            habito = constancia.setdefault(persona, rng.choice([0.97, 0.95, 0.9, 0.85, 0.6]))
            filas.append((sesion.pk, persona, junta, rng.random() < habito, sesion.fin))
    insertar(
        Inscripcion,
        ["sesion_id", "persona_id", "organizacion_id", "asistio", "asistencia_en"],
        filas,
    )
    return len(sesiones)


PRUEBAS = {
    "SECOP II paso a paso": [
        (
            "¿Qué se necesita para que la Junta presente ofertas en SECOP II?",
            "registro",
            [
                "Registrarse como proveedor con el usuario de la Junta",
                "Tener una página web",
                "Ser contratista de la Alcaldía",
            ],
        ),
        (
            "¿Dónde se publican los procesos de contratación de las entidades públicas?",
            "secop",
            ["En SECOP II", "En la cartelera de la Junta", "Solo en el periódico"],
        ),
        (
            "¿Quién puede firmar la oferta de la Junta?",
            "representante",
            [
                "El representante legal, con la autorización de la asamblea o la directiva",
                "Cualquier afiliado",
                "El fiscal",
            ],
        ),
        (
            "¿Qué documento prueba la existencia y representación legal de la Junta?",
            "existencia",
            [
                "El certificado de existencia y representación",
                "El acta de la última reunión",
                "La cédula del presidente",
            ],
        ),
        (
            "¿Qué es un convenio solidario?",
            "convenio",
            [
                "Un contrato de una entidad con un organismo comunal para obras o servicios",
                "Una donación",
                "Un préstamo bancario",
            ],
        ),
    ],
}


def sembrar_evaluaciones(rng):
    """A knowledge test for «SECOP II paso a paso» taken before and after, and satisfaction
    answers from most attendees of every session held. Returns the number of evaluations."""
    from capacitacion.models import Evaluacion, Inscripcion, Modulo, Opcion, Sesion

    satisfaccion = Instrumento.satisfaccion_vigente()
    preguntas_satisfaccion = services.preguntas_de(satisfaccion) if satisfaccion else []
    evaluaciones = []
    for nombre, preguntas in PRUEBAS.items():
        modulo = Modulo.objects.filter(nombre=nombre).first()
        if modulo is None:
            continue
        prueba, creada = Instrumento.objects.get_or_create(
            nombre=f"Prueba de conocimientos — {nombre}", ronda="", version=1,
            defaults={
                "proposito": Instrumento.Proposito.CONOCIMIENTO,
                "abre": datetime.date(2023, 1, 1), "cierra": datetime.date(2030, 12, 31),
                "estado": Instrumento.Estado.PUBLICADO,
            },
        )  # fmt: skip
        if creada:
            for orden, (texto, codigo, opciones) in enumerate(preguntas, start=1):
                pregunta = Pregunta.objects.create(
                    instrumento=prueba, codigo=codigo, texto=texto, tipo=Pregunta.Tipo.UNICA,
                    orden=orden,
                )  # fmt: skip
                Opcion.objects.bulk_create(
                    Opcion(pregunta=pregunta, codigo=f"o{i}", texto=t, puntaje=100 if i == 0 else 0,
                           orden=i)
                    for i, t in enumerate(opciones)
                )  # fmt: skip
        modulo.prueba = prueba
        modulo.save(update_fields=["prueba"])
        sesiones = list(Sesion.objects.filter(modulo=modulo, estado="realizada").order_by("inicio"))
        if not sesiones:
            continue
        codigos = [p.codigo for p in services.preguntas_de(prueba)]
        # The entry test at each person's first session of the module, the exit test at the last.
        for momento, orden, acierto in (("entrada", "", 0.45), ("salida", "-", 0.8)):
            vistas = set()
            for inscripcion in (
                Inscripcion.objects.filter(sesion__in=sesiones, asistio=True)
                .select_related("sesion")
                .order_by(f"{orden}sesion__inicio")
            ):
                if inscripcion.persona_id in vistas:
                    continue
                vistas.add(inscripcion.persona_id)
                aciertos = [rng.random() < acierto for _c in codigos]
                evaluaciones.append(Evaluacion(
                    instrumento=prueba, sesion=inscripcion.sesion,
                    persona_id=inscripcion.persona_id, modulo=modulo, momento=momento,
                    respuestas={
                        c: "o0" if a else "o1" for c, a in zip(codigos, aciertos, strict=True)
                    },
                    puntaje=Decimal(100 * sum(aciertos) / len(codigos)).quantize(DOS),
                ))  # fmt: skip
    Evaluacion.objects.bulk_create(evaluaciones, ignore_conflicts=True, batch_size=LOTE)
    total = len(evaluaciones)
    if preguntas_satisfaccion:
        likert = [p for p in preguntas_satisfaccion if p.tipo == Pregunta.Tipo.LIKERT]
        filas = []
        for sesion_id, persona_id, modulo_id in Inscripcion.objects.filter(
            asistio=True, sesion__estado="realizada"
        ).values_list("sesion_id", "persona_id", "sesion__modulo_id"):
            if rng.random() > 0.6:
                continue
            notas = {p.codigo: str(rng.choice([3, 4, 4, 5, 5, 5])) for p in likert}
            puntaje = Decimal(sum((int(v) - 1) * 25 for v in notas.values()) / len(notas))
            filas.append((satisfaccion.pk, sesion_id, persona_id, modulo_id, "satisfaccion",
                          notas, puntaje.quantize(DOS)))  # fmt: skip
        total += insertar(
            Evaluacion,
            ["instrumento_id", "sesion_id", "persona_id", "modulo_id", "momento", "respuestas",
             "puntaje"],
            filas,
        )  # fmt: skip
    return total


TEMAS = [
    (
        "Revisión de documentos para SECOP II",
        "Revisamos los documentos de habilitación y acordamos cuáles tramitar primero.",
    ),
    (
        "Registro de la Junta como proveedor",
        "Acompañamos el registro en SECOP II con el usuario del representante legal.",
    ),
    (
        "Libros contables y estados financieros",
        "Revisamos el libro de tesorería y el formato de estados financieros.",
    ),
    (
        "Preparación de una oferta",
        "Leímos juntos un pliego de mínima cuantía y armamos la lista de chequeo.",
    ),
]


def sembrar_acompanamiento(organizaciones, rng, hoy, secretaria):
    """Visits to part of the participating Juntas and their plans: actions toward the
    requirements they lack (some done, some overdue, some open). Returns (visits, actions)."""
    from capacitacion.models import AccionPlan, Acompanamiento, Dimension
    from juntas.models import Requisito, RequisitoJunta

    participantes = [o for o in organizaciones if o.participa]
    participantes = participantes[: max(150, round(len(participantes) * 0.48))]
    if not participantes:
        return 0, 0
    faltantes = {}
    for org_id, requisito_id in (
        RequisitoJunta.objects.filter(organizacion__in=[o.pk for o in participantes])
        .exclude(estado=RequisitoJunta.Estado.CUMPLE)
        .values_list("organizacion_id", "requisito_id")
    ):
        faltantes.setdefault(org_id, []).append(requisito_id)
    requisitos = {r.pk: r for r in Requisito.objects.all()}
    dimensiones = list(Dimension.objects.all())
    visitas, acciones = [], []
    for junta in participantes:
        for _vez in range(rng.randint(1, 3)):
            tema, que = rng.choice(TEMAS)
            visitas.append(Acompanamiento(
                organizacion=junta,
                fecha=movida(datetime.date(2023, rng.randint(4, 10), rng.randint(1, 28)), hoy),
                modalidad=rng.choice(["visita", "visita", "reunion", "telefonica"]), tema=tema,
                asesor=rng.choice(["Equipo de la Secretaría", "Funcicar", "Universidad aliada"]),
                descripcion=que, registrado_por=secretaria,
            ))  # fmt: skip
        for requisito_id in rng.sample(
            faltantes.get(junta.pk, []), min(2, len(faltantes.get(junta.pk, [])))
        ):
            vence = hoy + datetime.timedelta(days=rng.randint(-90, 120))
            estado = rng.choice(["pendiente", "en_curso", "en_curso", "hecha"])
            acciones.append(AccionPlan(
                organizacion=junta, descripcion=f"Obtener: {requisitos[requisito_id].nombre}",
                responsable=rng.choice(["Presidente(a)", "Secretario(a)", "Tesorero(a)"]),
                vence=vence, estado=estado, requisito_id=requisito_id,
                cerrada_en=vence if estado == "hecha" else None, creada_por=secretaria,
            ))  # fmt: skip
        if dimensiones and rng.random() < 0.5:
            dimension = rng.choice(dimensiones)
            acciones.append(AccionPlan(
                organizacion=junta,
                descripcion=f"Aplicar lo aprendido en «{dimension.nombre.lower()}» en una asamblea",
                responsable="Presidente(a)",
                vence=hoy + datetime.timedelta(days=rng.randint(-30, 90)),
                dimension=dimension, creada_por=secretaria,
            ))  # fmt: skip
    Acompanamiento.objects.bulk_create(visitas, batch_size=LOTE)
    AccionPlan.objects.bulk_create(acciones, batch_size=LOTE)
    return len(visitas), len(acciones)
