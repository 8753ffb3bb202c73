"""The one error class of forecasts: a posterior or a baseline that cannot be used as asked (one line)."""


class ForecastError(ValueError):
    """A forecast cannot be made as asked; the message is one line naming the file or the option."""
