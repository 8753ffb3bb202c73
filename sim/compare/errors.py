"""The one error `parley compare` reports for a bad window or a scenario it cannot compare."""


class CompareError(Exception):
    """A comparison cannot be made as asked; the message is one line naming the file and the option."""
