"""`python -m sim.cli`: the `parley` command without the console script."""

from sim.cli.main import main

raise SystemExit(main())
