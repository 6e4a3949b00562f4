# Runtime fixes so that OpenFisca-Core 43.5.0 runs on Debian 12's Python 3.11 stack:
# functools.singledispatch cannot dispatch on the non-runtime-checkable Protocols t.Period and
# t.Instant there, so register the concrete classes as well.
from openfisca_core.periods import helpers, period_, instant_
helpers.period.register(period_.Period)(lambda value: value)
helpers.period.register(instant_.Instant)(
    lambda value: period_.Period((helpers.DateUnit.DAY, value, 1)))
helpers.instant.register(period_.Period)(lambda value: value.start)
helpers.instant.register(instant_.Instant)(lambda value: value)
