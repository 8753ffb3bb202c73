"""Subcommands of `parley` that have grown past a few lines, one module each."""
