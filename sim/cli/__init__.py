"""The `parley` command: one module per command, one place for shared option parsing.

`main` is the console script's entry point; `build_parser` gives the argparse parser
(the documentation's command-line reference is generated from it).
"""

from sim.cli.main import build_parser, main

__all__ = ["build_parser", "main"]
