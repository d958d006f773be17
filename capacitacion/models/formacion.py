"""The training programme (milestones 3 and 4): the strategy and its modules, each Junta's plan,
sessions with their registrations and attendance, the attendees' evaluations (answers to the
survey engine's instruments), technical accompaniment and certificates.
"""

import secrets
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from juntas.models import Dignatario, Organizacion, Requisito
from juntas.validators import (
    DOCUMENTO_REGEX,
    MENSAJE_DOCUMENTO,
    validar_archivo,
    validar_telefono,
)

from .encuesta import Dimension, Instrumento
from .textos import TEXTO_DESCRIPCION, TEXTO_RESPUESTA, limite

# Strategy design (milestone 3) -----------------------------------------------------------------


class Programa(models.Model):
    """A group of modules, e.g. one of the 2023 strategy's 120-hour diplomados."""

    nombre = models.CharField(_("nombre"), max_length=200, unique=True)
    descripcion = models.TextField(
        _("descripción"), blank=True, validators=limite(TEXTO_DESCRIPCION)
    )
    orden = models.PositiveSmallIntegerField(_("orden"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("programa")
        verbose_name_plural = _("programas")
        ordering = ["orden", "nombre"]

    def __str__(self):
        return self.nombre


class Modulo(models.Model):
    class Modalidad(models.TextChoices):
        PRESENCIAL = "presencial", _("Presencial")
        VIRTUAL = "virtual", _("Virtual")
        MIXTA = "mixta", _("Mixta")

    programa = models.ForeignKey(
        Programa,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="modulos",
        verbose_name=_("programa"),
    )
    nombre = models.CharField(_("nombre"), max_length=200)
    objetivos = models.TextField(
        _("objetivos de aprendizaje"), validators=limite(TEXTO_DESCRIPCION)
    )
    contenidos = models.TextField(_("contenidos"), blank=True, validators=limite(TEXTO_DESCRIPCION))
    horas = models.PositiveSmallIntegerField(_("horas"), validators=[MinValueValidator(1)])
    modalidad = models.CharField(
        _("modalidad"), max_length=10, choices=Modalidad.choices, default=Modalidad.PRESENCIAL
    )
    orden = models.PositiveSmallIntegerField(_("orden"), default=0)
    dimensiones = models.ManyToManyField(
        Dimension,
        related_name="modulos",
        verbose_name=_("dimensiones que atiende"),
        help_text=_("Se recomienda a las Juntas débiles en alguna de estas dimensiones."),
    )
    activo = models.BooleanField(_("activo"), default=True)
    prueba = models.ForeignKey(
        "Instrumento",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="modulos_evaluados",
        limit_choices_to={"proposito": "conocimiento"},
        verbose_name=_("prueba de conocimientos"),
        help_text=_(
            "Opcional. Los asistentes la responden al empezar (entrada) y al terminar (salida) "
            "el módulo; la diferencia es la ganancia de aprendizaje."
        ),
    )

    history = HistoricalRecords(m2m_fields=[dimensiones])

    class Meta:
        verbose_name = _("módulo")
        verbose_name_plural = _("módulos")
        ordering = ["programa__orden", "orden", "nombre"]

    def __str__(self):
        return self.nombre


class Material(models.Model):
    modulo = models.ForeignKey(Modulo, on_delete=models.CASCADE, related_name="materiales")
    titulo = models.CharField(_("título"), max_length=200)
    archivo = models.FileField(
        _("archivo"),
        upload_to="materiales/%Y/",
        blank=True,
        validators=[validar_archivo],
        help_text=_("PDF, JPG o PNG de hasta 10 MB."),
    )
    enlace = models.URLField(_("enlace"), blank=True)

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materiales")

    def __str__(self):
        return self.titulo

    def clean(self):
        if bool(self.archivo) == bool(self.enlace):
            raise ValidationError(_("Cargue un archivo o escriba un enlace (uno de los dos)."))


class Estrategia(models.Model):
    """The strengthening strategy: its version, approval and the threshold that drives plans."""

    nombre = models.CharField(_("nombre"), max_length=200)
    version = models.PositiveSmallIntegerField(_("versión"), default=1)
    aprobada_en = models.DateField(_("fecha de aprobación"), null=True, blank=True)
    acto = models.CharField(
        _("acto de aprobación"), max_length=200, blank=True, help_text=_("p. ej. «Acta 03 de 2023»")
    )
    documento = models.FileField(
        _("documento del acto"),
        upload_to="estrategia/",
        blank=True,
        validators=[validar_archivo],
    )
    umbral = models.PositiveSmallIntegerField(
        _("umbral de debilidad"),
        default=60,
        validators=[MaxValueValidator(100)],
        help_text=_(
            "Una dimensión con puntaje de línea base menor que este umbral es débil, y los módulos "
            "que la atienden se recomiendan a la Junta."
        ),
    )
    asistencia_minima = models.PositiveSmallIntegerField(
        _("asistencia mínima (% de las horas)"),
        default=80,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_(
            "Una persona completa un módulo cuando asiste a sesiones realizadas que suman al menos "
            "este porcentaje de las horas del módulo."
        ),
    )
    notas = models.TextField(_("notas"), blank=True, validators=limite(TEXTO_RESPUESTA))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("estrategia de fortalecimiento")
        verbose_name_plural = _("estrategias de fortalecimiento")
        ordering = ["-aprobada_en", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["nombre", "version"], name="estrategia_version_unica")
        ]

    def __str__(self):
        return f"{self.nombre} v{self.version}"

    def clean(self):
        if self.aprobada_en and not self.acto:
            raise ValidationError({"acto": _("Indique el acto con que se aprobó.")})

    @classmethod
    def vigente(cls):
        """The latest approved strategy (None while none is approved)."""
        return (
            cls.objects.filter(aprobada_en__isnull=False)
            .order_by("-aprobada_en", "-version")
            .first()
        )


class AjustePlan(models.Model):
    """Staff's hand adjustment of a Junta's plan: include or exclude one module."""

    organizacion = models.ForeignKey(
        Organizacion, on_delete=models.CASCADE, related_name="ajustes_plan"
    )
    modulo = models.ForeignKey(Modulo, on_delete=models.CASCADE, related_name="ajustes")
    incluido = models.BooleanField(_("incluido"))
    motivo = models.CharField(_("motivo"), max_length=200, blank=True)
    ajustado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    ajustado_en = models.DateTimeField(_("ajustado en"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ajuste del plan")
        verbose_name_plural = _("ajustes de planes")
        constraints = [
            models.UniqueConstraint(fields=["organizacion", "modulo"], name="un_ajuste_por_modulo")
        ]

    def __str__(self):
        return f"{self.organizacion} — {self.modulo}: {'sí' if self.incluido else 'no'}"


# Implementation (milestone 4): sessions, registrations and attendance ---------------------------


class Persona(models.Model):
    """Someone who attends training: a dignatario or any member a Junta sends.

    Document, phone and e-mail are personal data (Ley 1581 de 2012).
    """

    tipo_documento = models.CharField(
        _("tipo de documento"), max_length=3, choices=Dignatario.TipoDocumento.choices, default="CC"
    )
    documento = models.CharField(
        _("número de documento"),
        max_length=15,
        validators=[RegexValidator(DOCUMENTO_REGEX, MENSAJE_DOCUMENTO)],
    )
    nombres = models.CharField(_("nombres"), max_length=100)
    apellidos = models.CharField(_("apellidos"), max_length=100)
    telefono = models.CharField(
        _("teléfono"), max_length=20, blank=True, validators=[validar_telefono]
    )
    correo = models.EmailField(_("correo"), blank=True)
    organizacion = models.ForeignKey(
        Organizacion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="personas",
        verbose_name=_("Junta"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("participante")
        verbose_name_plural = _("participantes")
        ordering = ["apellidos", "nombres"]
        constraints = [
            models.UniqueConstraint(
                fields=["tipo_documento", "documento"], name="persona_documento_unico"
            )
        ]

    def __str__(self):
        return self.nombre_completo

    @property
    def nombre_completo(self):
        return f"{self.nombres} {self.apellidos}"


def codigo_aleatorio():
    """An unguessable code for links that work without log-in (evaluations)."""
    return secrets.token_urlsafe(9)


# The characters of a certificate code: digits and capitals without look-alikes (0/O, 1/I).
ALFABETO_CERTIFICADO = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def codigo_certificado():
    """A short code people can type: three groups of four characters of ALFABETO_CERTIFICADO."""
    alfabeto = ALFABETO_CERTIFICADO
    bloques = ["".join(secrets.choice(alfabeto) for _ in range(4)) for _ in range(3)]
    return "-".join(bloques)


def normalizar_codigo_certificado(texto):
    """A typed code in its stored form («7kq2 m9xa 4htb», «7KQ24HTBM9XA» → «7KQ2-M9XA-4HTB»),
    or None when it cannot be one: the wrong length or characters outside the alphabet."""
    limpio = "".join(c for c in (texto or "").upper() if c not in " -.\t")
    if len(limpio) != 12 or any(c not in ALFABETO_CERTIFICADO for c in limpio):
        return None
    return "-".join(limpio[i : i + 4] for i in range(0, 12, 4))


class Sesion(models.Model):
    class Estado(models.TextChoices):
        PROGRAMADA = "programada", _("Programada")
        REALIZADA = "realizada", _("Realizada")
        CANCELADA = "cancelada", _("Cancelada")

    class Convocatoria(models.TextChoices):
        TODAS = "todas", _("Todas las Juntas participantes")
        LOCALIDAD = "localidad", _("Las Juntas de una localidad")
        UCG = "ucg", _("Las Juntas de una UCG")
        PLAN = "plan", _("Las Juntas que tienen el módulo en su plan")

    modulo = models.ForeignKey(Modulo, on_delete=models.PROTECT, related_name="sesiones")
    inicio = models.DateTimeField(_("inicio"))
    fin = models.DateTimeField(_("fin"))
    modalidad = models.CharField(
        _("modalidad"), max_length=10, choices=Modulo.Modalidad.choices, default="presencial"
    )
    lugar = models.CharField(_("lugar"), max_length=200, blank=True)
    barrio = models.ForeignKey(
        "juntas.Barrio",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("barrio del lugar"),
    )
    enlace = models.URLField(_("enlace de conexión"), blank=True)
    facilitador_organizacion = models.CharField(_("organización facilitadora"), max_length=200)
    facilitador = models.CharField(_("facilitador(a)"), max_length=200, blank=True)
    cupo = models.PositiveSmallIntegerField(_("cupo"), validators=[MinValueValidator(1)])
    cupo_por_junta = models.PositiveSmallIntegerField(
        _("cupo por Junta"), default=3, validators=[MinValueValidator(1)]
    )
    estado = models.CharField(
        _("estado"), max_length=10, choices=Estado.choices, default=Estado.PROGRAMADA
    )
    convocatoria = models.CharField(
        _("convocatoria"), max_length=10, choices=Convocatoria.choices, default=Convocatoria.TODAS
    )
    convocatoria_localidad = models.ForeignKey(
        "juntas.Localidad", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    convocatoria_ucg = models.ForeignKey(
        "juntas.UnidadComunera", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    notas = models.TextField(_("notas"), blank=True, validators=limite(TEXTO_RESPUESTA))
    codigo_evaluacion = models.CharField(
        _("código de la evaluación"),
        max_length=16,
        unique=True,
        default=codigo_aleatorio,
        editable=False,
        help_text=_("Lo usan los asistentes para responder las evaluaciones sin iniciar sesión."),
    )
    invitacion_enviada_en = models.DateTimeField(_("invitación enviada en"), null=True, blank=True)
    recordatorio_enviado_en = models.DateTimeField(
        _("recordatorio enviado en"), null=True, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sesión")
        verbose_name_plural = _("sesiones")
        ordering = ["inicio"]
        indexes = [models.Index(fields=["estado", "inicio"], name="sesion_estado_inicio")]

    def __str__(self):
        return f"{self.modulo} — {timezone.localtime(self.inicio):%d/%m/%Y %H:%M}"

    def clean(self):
        errores = {}
        if self.inicio and self.fin and self.fin <= self.inicio:
            errores["fin"] = _("El fin debe ser posterior al inicio.")
        if self.modalidad == Modulo.Modalidad.VIRTUAL and not self.enlace:
            errores["enlace"] = _("Una sesión virtual necesita el enlace de conexión.")
        if self.modalidad != Modulo.Modalidad.VIRTUAL and not self.lugar:
            errores["lugar"] = _("Indique el lugar de la sesión.")
        if self.convocatoria == self.Convocatoria.LOCALIDAD and not self.convocatoria_localidad_id:
            errores["convocatoria_localidad"] = _("Elija la localidad convocada.")
        if self.convocatoria == self.Convocatoria.UCG and not self.convocatoria_ucg_id:
            errores["convocatoria_ucg"] = _("Elija la UCG convocada.")
        if self.cupo_por_junta and self.cupo and self.cupo_por_junta > self.cupo:
            errores["cupo_por_junta"] = _("El cupo por Junta no puede superar el cupo total.")
        if errores:
            raise ValidationError(errores)

    @property
    def horas(self):
        return Decimal((self.fin - self.inicio).total_seconds() / 3600).quantize(Decimal("0.1"))


class Inscripcion(models.Model):
    """A person registered for (or attending without registration) one session."""

    sesion = models.ForeignKey(Sesion, on_delete=models.CASCADE, related_name="inscripciones")
    persona = models.ForeignKey(Persona, on_delete=models.PROTECT, related_name="inscripciones")
    organizacion = models.ForeignKey(
        Organizacion, on_delete=models.PROTECT, related_name="inscripciones"
    )
    inscrita_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    inscrita_en = models.DateTimeField(_("inscrita en"), auto_now_add=True)
    sin_inscripcion_previa = models.BooleanField(_("llegó sin inscribirse"), default=False)
    asistio = models.BooleanField(_("asistió"), default=False)
    asistencia_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    asistencia_en = models.DateTimeField(_("asistencia registrada en"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inscripción")
        verbose_name_plural = _("inscripciones")
        ordering = ["sesion", "persona__apellidos"]
        constraints = [
            models.UniqueConstraint(
                fields=["sesion", "persona"], name="una_inscripcion_por_persona"
            )
        ]

    def __str__(self):
        return f"{self.persona} — {self.sesion}"


class SolicitudPersona(models.Model):
    """What a leader's registration form could not do by itself, for staff to resolve.

    A leader may only register people of their own Junta or people new to the portal. A document
    that belongs to someone else (another Junta, or nobody's) becomes a «vincular» request, which
    holds the seat the leader asked for until staff link, merge or reject it; typed data that
    differ from a person's stored name, phone or e-mail become a «corregir» request. The leader's
    page looks the same either way, so the form never tells whether a document exists.
    """

    class Tipo(models.TextChoices):
        VINCULAR = "vincular", _("Vincular a la Junta")
        CORREGIR = "corregir", _("Corregir datos")

    class Estado(models.TextChoices):
        PENDIENTE = "pendiente", _("Pendiente")
        VINCULADA = "vinculada", _("Vinculada")
        FUSIONADA = "fusionada", _("Fusionada (datos corregidos)")
        RECHAZADA = "rechazada", _("Rechazada")
        RETIRADA = "retirada", _("Retirada por la Junta")

    tipo = models.CharField(_("tipo"), max_length=10, choices=Tipo.choices)
    organizacion = models.ForeignKey(
        Organizacion,
        on_delete=models.CASCADE,
        related_name="solicitudes_persona",
        verbose_name=_("Junta que la pide"),
    )
    documento = models.CharField(_("número de documento"), max_length=15, db_index=True)
    nombres = models.CharField(_("nombres escritos"), max_length=100, blank=True)
    apellidos = models.CharField(_("apellidos escritos"), max_length=100, blank=True)
    telefono = models.CharField(
        _("teléfono escrito"), max_length=20, blank=True, validators=[validar_telefono]
    )
    correo = models.EmailField(_("correo escrito"), blank=True)
    persona = models.ForeignKey(
        Persona,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="solicitudes",
        verbose_name=_("persona registrada con ese documento"),
    )
    sesion = models.ForeignKey(
        "Sesion",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="solicitudes",
        verbose_name=_("sesión pedida"),
        help_text=_("Mientras está pendiente, la solicitud ocupa un cupo de esta sesión."),
    )
    estado = models.CharField(
        _("estado"),
        max_length=10,
        choices=Estado.choices,
        default=Estado.PENDIENTE,
        db_index=True,
    )
    creada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    creada_en = models.DateTimeField(_("creada en"), auto_now_add=True)
    resuelta_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resuelta_en = models.DateTimeField(_("resuelta en"), null=True, blank=True)
    nota = models.TextField(
        _("nota de la resolución"), blank=True, validators=limite(TEXTO_RESPUESTA)
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("solicitud sobre una persona")
        verbose_name_plural = _("solicitudes sobre personas")
        ordering = ["-creada_en"]
        constraints = [
            # At most one pending request per Junta and document: per session for a link
            # (it holds that session's seat), one in all for a correction.
            models.UniqueConstraint(
                fields=["organizacion", "documento", "tipo", "sesion"],
                condition=Q(estado="pendiente", sesion__isnull=False),
                name="una_solicitud_pendiente_por_sesion",
            ),
            models.UniqueConstraint(
                fields=["organizacion", "documento", "tipo"],
                condition=Q(estado="pendiente", sesion__isnull=True),
                name="una_solicitud_pendiente_sin_sesion",
            ),
        ]
        indexes = [models.Index(fields=["sesion", "estado"], name="solicitud_sesion_estado")]

    def __str__(self):
        return f"{self.get_tipo_display()} {self.documento} — {self.organizacion}"

    @property
    def nombre_escrito(self):
        return f"{self.nombres} {self.apellidos}".strip()


# Evaluations: the survey engine's instruments answered by each attendee ------------------------


class Evaluacion(models.Model):
    """One attendee's answers to a satisfaction survey or a module's knowledge test.

    Answers are kept by question code; `puntaje` (0-100) is the mean of the scored answers, computed
    with the same rules as the needs survey.
    """

    class Momento(models.TextChoices):
        SATISFACCION = "satisfaccion", _("Satisfacción con la sesión")
        ENTRADA = "entrada", _("Prueba de entrada")
        SALIDA = "salida", _("Prueba de salida")

    instrumento = models.ForeignKey(
        Instrumento, on_delete=models.PROTECT, related_name="evaluaciones"
    )
    sesion = models.ForeignKey(Sesion, on_delete=models.CASCADE, related_name="evaluaciones")
    persona = models.ForeignKey(Persona, on_delete=models.CASCADE, related_name="evaluaciones")
    modulo = models.ForeignKey(Modulo, on_delete=models.CASCADE, related_name="evaluaciones")
    momento = models.CharField(_("momento"), max_length=12, choices=Momento.choices)
    respuestas = models.JSONField(_("respuestas"), default=dict)
    puntaje = models.DecimalField(
        _("puntaje"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    creada = models.DateTimeField(_("respondida en"), auto_now_add=True)

    class Meta:
        verbose_name = _("evaluación")
        verbose_name_plural = _("evaluaciones")
        ordering = ["-creada"]
        constraints = [
            models.UniqueConstraint(
                fields=["sesion", "persona"],
                condition=Q(momento="satisfaccion"),
                name="una_satisfaccion_por_sesion",
            ),
            models.UniqueConstraint(
                fields=["modulo", "persona", "momento"],
                condition=~Q(momento="satisfaccion"),
                name="una_prueba_por_momento",
            ),
        ]
        indexes = [models.Index(fields=["modulo", "momento"], name="evaluacion_modulo_momento")]

    def __str__(self):
        return f"{self.persona} — {self.get_momento_display()} — {self.modulo}"


# Technical accompaniment: visits and each Junta's strengthening plan ---------------------------


class Acompanamiento(models.Model):
    """A visit or advisory meeting with one Junta."""

    class Modalidad(models.TextChoices):
        VISITA = "visita", _("Visita")
        REUNION = "reunion", _("Reunión en la Secretaría")
        VIRTUAL = "virtual", _("Reunión virtual")
        TELEFONICA = "telefonica", _("Asesoría telefónica")

    organizacion = models.ForeignKey(
        Organizacion,
        on_delete=models.CASCADE,
        related_name="acompanamientos",
        verbose_name=_("Junta"),
    )
    fecha = models.DateField(_("fecha"))
    modalidad = models.CharField(
        _("modalidad"), max_length=10, choices=Modalidad.choices, default=Modalidad.VISITA
    )
    tema = models.CharField(_("tema"), max_length=200)
    asesor = models.CharField(_("asesor(a)"), max_length=200)
    descripcion = models.TextField(_("qué se hizo"), validators=limite(TEXTO_DESCRIPCION))
    compromisos = models.TextField(
        _("compromisos acordados"), blank=True, validators=limite(TEXTO_RESPUESTA)
    )
    registrado_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("acompañamiento técnico")
        verbose_name_plural = _("acompañamientos técnicos")
        ordering = ["-fecha"]
        indexes = [models.Index(fields=["organizacion", "-fecha"], name="acompanamiento_junta")]

    def __str__(self):
        return f"{self.organizacion} — {self.fecha:%d/%m/%Y} — {self.tema}"

    def clean(self):
        if self.fecha and self.fecha > timezone.localdate():
            raise ValidationError({"fecha": _("Registre acompañamientos ya realizados.")})


class AccionPlan(models.Model):
    """An action of a Junta's strengthening plan, e.g. «obtener el RUT»."""

    class Estado(models.TextChoices):
        PENDIENTE = "pendiente", _("Pendiente")
        EN_CURSO = "en_curso", _("En curso")
        HECHA = "hecha", _("Hecha")
        CANCELADA = "cancelada", _("Cancelada")

    ABIERTAS = (Estado.PENDIENTE, Estado.EN_CURSO)

    organizacion = models.ForeignKey(
        Organizacion,
        on_delete=models.CASCADE,
        related_name="acciones_plan",
        verbose_name=_("Junta"),
    )
    descripcion = models.CharField(_("acción"), max_length=250)
    responsable = models.CharField(
        _("responsable"), max_length=200, help_text=_("Quién la lleva a cabo (cargo o nombre).")
    )
    vence = models.DateField(_("fecha límite"))
    estado = models.CharField(
        _("estado"), max_length=10, choices=Estado.choices, default=Estado.PENDIENTE
    )
    requisito = models.ForeignKey(
        Requisito,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requisito de habilitación"),
        help_text=_(
            "Si se elige, la acción se cierra sola cuando la Secretaría verifique que la "
            "Junta cumple el requisito."
        ),
    )
    dimension = models.ForeignKey(
        Dimension,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dimensión del diagnóstico"),
    )
    cerrada_en = models.DateField(_("cerrada en"), null=True, blank=True)
    cierre_automatico = models.BooleanField(
        _("cerrada al verificar el requisito"), default=False, editable=False
    )
    creada_por = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    creada_en = models.DateTimeField(_("creada en"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("acción del plan de fortalecimiento")
        verbose_name_plural = _("acciones de planes de fortalecimiento")
        ordering = ["vence", "pk"]
        indexes = [
            models.Index(fields=["organizacion", "estado"], name="accion_junta_estado"),
            models.Index(fields=["estado", "vence"], name="accion_estado_vence"),
        ]

    def __str__(self):
        return self.descripcion

    def save(self, *args, **kwargs):
        if self.estado == self.Estado.HECHA and not self.cerrada_en:
            self.cerrada_en = timezone.localdate()
        elif self.estado in self.ABIERTAS:
            self.cerrada_en = None
        super().save(*args, **kwargs)

    def clean(self):
        if not (self.requisito_id or self.dimension_id):
            raise ValidationError(
                _("Relacione la acción con un requisito de habilitación o con una dimensión.")
            )

    @property
    def vencida(self):
        return self.estado in self.ABIERTAS and self.vence < timezone.localdate()


# Certificates ----------------------------------------------------------------------------------


class Certificado(models.Model):
    """A personal certificate for a module, or a Junta's «Junta fortalecida» certificate.

    Anyone can check one at /certificados/<codigo>/ without logging in.
    """

    class Tipo(models.TextChoices):
        MODULO = "modulo", _("Módulo aprobado")
        JUNTA = "junta", _("Junta fortalecida")

    codigo = models.CharField(
        _("código"), max_length=14, unique=True, default=codigo_certificado, editable=False
    )
    tipo = models.CharField(_("tipo"), max_length=6, choices=Tipo.choices)
    organizacion = models.ForeignKey(
        Organizacion, on_delete=models.PROTECT, related_name="certificados", verbose_name=_("Junta")
    )
    persona = models.ForeignKey(
        Persona, on_delete=models.PROTECT, null=True, blank=True, related_name="certificados"
    )
    modulo = models.ForeignKey(
        Modulo, on_delete=models.PROTECT, null=True, blank=True, related_name="certificados"
    )
    horas = models.DecimalField(
        _("horas asistidas"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    emitido = models.DateField(_("fecha de emisión"))
    anulado = models.BooleanField(_("anulado"), default=False)
    motivo_anulacion = models.CharField(_("motivo de la anulación"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("certificado")
        verbose_name_plural = _("certificados")
        ordering = ["-emitido", "codigo"]
        constraints = [
            models.UniqueConstraint(
                fields=["persona", "modulo"],
                condition=Q(tipo="modulo"),
                name="un_certificado_por_modulo",
            ),
            models.UniqueConstraint(
                fields=["organizacion"],
                condition=Q(tipo="junta"),
                name="un_certificado_de_junta",
            ),
            models.CheckConstraint(
                condition=Q(tipo="junta", persona__isnull=True, modulo__isnull=True)
                | Q(tipo="modulo", persona__isnull=False, modulo__isnull=False),
                name="certificado_completo",
            ),
        ]

    def __str__(self):
        return self.codigo

    @property
    def titular(self):
        return self.persona.nombre_completo if self.persona_id else self.organizacion.nombre
