"""capacitacion's summary rows (`nucleo.resumenes`): the survey's (`encuesta`) and the
training programme's (`formacion`), each registered from the app's `ready()`."""
