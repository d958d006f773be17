"""Steps several browser tests take."""

CLAVE_DE_PRUEBA = "clave-de-prueba-123"  # the factories' password


def ingresar(page, base, usuario, clave=CLAVE_DE_PRUEBA):
    """Log in through the real log-in page, as a person would."""
    page.goto(f"{base}/cuentas/ingresar/")
    page.get_by_label("Nombre de usuario").fill(usuario)
    page.get_by_label("Contraseña").fill(clave)
    page.get_by_role("button", name="Ingresar").click()
