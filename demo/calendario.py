"""The demo's calendar: the real commitment happened in 2023 (baseline survey in February,
strategy approved in March, diplomados from May to September, follow-up at the end); the demo
tells the same story moved as a whole so that its «today» is the real day the demo stands for.
Then the commitment, its milestones, the sessions held and the ones scheduled around today, the
survey rounds and the visits all agree with today's date."""

import datetime

# The day of the real calendar the demo's «today» stands for: milestone 4 and the diplomados
# over, the follow-up survey open, the commitment ending on 30 November.
HOY_EN_EL_CALENDARIO = datetime.date(2023, 10, 31)


def movida(fecha, hoy):
    """A date of the real calendar moved so that HOY_EN_EL_CALENDARIO falls on `hoy`."""
    if fecha is None:
        return None
    return fecha + (hoy - HOY_EN_EL_CALENDARIO)
