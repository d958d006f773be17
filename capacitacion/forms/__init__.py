"""Forms, one module per domain: `encuesta` (the survey engine) and `formacion` (training)."""
