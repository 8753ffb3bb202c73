"""Files of `parley calibrate`: the accepted parameter sets, the generations, the calibrated
scenario (a new YAML file whose header says how it was made) and the manifest.

`posterior.json` (`sim.forecast.posterior`) holds the accepted parameter sets with the
record's last date used (`data_until`) and the scenario's content hash, for
`parley compare --posterior` and forecasts.

The calibrated file is the scenario document with the posterior medians set at their
dotted paths, dumped by PyYAML: the original file's comments are not kept (the project has
no round-trip YAML library), so the header points back to the source file and the command.
"""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from sim.files import to_json, write_atomically
from sim.forecast.posterior import Posterior, make_posterior
from sim.talks.result import package_version

if TYPE_CHECKING:
    from sim.calibrate.api import Calibration


def calibrated_yaml(fit: Calibration, command: list[str], history_file: str) -> str:
    final = fit.posterior
    lines = [
        f"# Calibrated from {fit.source.file} by `parley calibrate` (ABC-SMC, package {package_version()}):",
        f"#   {shlex.join(command)}",
        f"# Data window: {history_file}, exchanges dated {fit.start.date()} to {fit.train_to.date()}"
        f"{' (distance year by year)' if fit.by_year else ''}.",
        f"# Posterior: generation {final.generation}, {len(final.particles)} particles, epsilon {final.epsilon:.4g}, "
        f"{final.simulations} simulations. Medians set here (10%-90% of the posterior):",
    ]
    for path in fit.paths:
        low, high = fit.intervals[path]
        lines.append(f"#   {path} = {fit.medians[path]}  ({low:.4g} to {high:.4g}, prior "
                     f"{fit.ranges[path][0]:g} to {fit.ranges[path][1]:g})")
    lines.append("# Everything else is as in the source file; see its comments for the sources and assumptions.")
    body = yaml.safe_dump(fit.document, sort_keys=False, allow_unicode=True, width=100)
    return "\n".join(lines) + "\n" + body


def posterior_of(fit: Calibration, history_file: str) -> Posterior:
    """The fit's last generation as a `Posterior`, its values shaped as the scenario takes them."""
    from sim.calibrate.api import path_value

    final = fit.posterior
    return make_posterior(fit.source.document, str(fit.source.document.get("name", fit.source.file)), fit.paths,
                          final.particles, final.weights, fit.start.date(), fit.train_to.date(), history_file,
                          values=lambda path, value: path_value(fit.source.document, path, value))


def write_calibration(fit: Calibration, folder: Path, command: list[str], history_file: str) -> list[Path]:
    """Write posterior.csv, generations.csv, the calibrated scenario, calibration.json and posterior.json."""
    name = f"{Path(fit.source.file).stem}.calibrated.yaml"
    return [
        write_atomically(folder / "posterior.csv", fit.posterior_frame().to_csv(index=False, lineterminator="\n")),
        write_atomically(folder / "generations.csv", fit.generations_frame().to_csv(index=False, lineterminator="\n")),
        write_atomically(folder / name, calibrated_yaml(fit, command, history_file)),
        write_atomically(folder / "calibration.json", to_json({
            "command": shlex.join(command), "scenario_file": fit.source.file, "scenario_sha256": fit.source.sha256,
            "history_file": history_file, "history_sha256": _history_sha256(history_file),
            "train_from": str(fit.start.date()), "train_to": str(fit.train_to.date()),
            "distance_by_year": fit.by_year,
            "parameters": {path: {"prior": list(fit.ranges[path]), "median": fit.medians[path],
                                  "p10": fit.intervals[path][0], "p90": fit.intervals[path][1]}
                           for path in fit.paths},
            "generations": fit.generations_frame().to_dict("records"),
            "package_version": package_version(),
        })),
        write_atomically(folder / "posterior.json", to_json(posterior_of(fit, history_file).to_json())),
    ]


def _history_sha256(path: str) -> str | None:
    """The history file's SHA-256 as the calibration read it (None if it cannot be read now)."""
    from sim.files import file_sha256

    try:
        return file_sha256(Path(path))
    except OSError:
        return None
