from django.core.management.base import BaseCommand

from capacitacion import certificados


class Command(BaseCommand):
    help = (
        "Emite los certificados ganados y aún no emitidos: por módulo (asistencia mínima de la "
        "estrategia vigente) y «Junta fortalecida». Se puede repetir sin duplicar."
    )

    def handle(self, *args, **options):
        personales, juntas = certificados.emitir()
        self.stdout.write(certificados.mensaje_de_emision(personales, juntas))
