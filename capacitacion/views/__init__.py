"""Pages, one module per domain: `encuesta` (the survey engine), `formacion` (training) and
`asistencia` (attendance). The URL modules point at them."""
