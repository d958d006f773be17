"""Reads, one module per domain: `encuesta` (the survey engine) and `formacion` (plan, sessions,
a Junta's training record, the figures, and `resumen_para_indicadores`, all that `hitos` reads).
Import the module."""
