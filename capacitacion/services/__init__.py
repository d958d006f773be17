"""Writes, one module per domain: `encuesta` (the survey engine), `formacion` (plan,
registrations, evaluations, accompaniment) and `asistencia` (attendance). Import the module."""
