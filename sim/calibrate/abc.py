"""ABC-SMC on numpy: approximate Bayesian computation by sequential Monte Carlo.

The algorithm (Beaumont et al. 2009, with thresholds chosen adaptively as in Del Moral et
al. 2012): generation 0 draws `population` particles from the uniform prior over the box
[lows, highs] and simulates each once. Every later generation sets its threshold epsilon to
the `quantile` of the previous generation's distances, then proposes particles by drawing a
previous particle by weight and moving it with a Gaussian kernel whose covariance is twice
the previous weighted covariance; a proposal outside the box is dropped without a
simulation, one inside is simulated and kept when its distance is at most epsilon. Kept
particles get the importance weight prior / sum_j w_j K(theta | theta_j). A generation
that cannot be filled within the `budget` of simulations is dropped: the last complete
generation is the posterior.

`simulate(thetas, seeds)` is any function returning one distance per row of `thetas`; it is
handed whole batches, so a caller can spread them over workers. Proposals come from one
numpy Generator seeded by `seed`; simulation number k gets `run_seed(seed, k)`, so the
populations depend on the seed alone, not on how the batches were run.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from sim.experiments.seeds import run_seed

Simulate = Callable[[np.ndarray, list[int]], np.ndarray]
PROPOSAL_KEY = 2**62
"""Spawn key of the proposal stream; simulation numbers stay below it."""
MAX_EMPTY_BATCHES = 100
"""Batches in a row with every proposal outside the box before a generation gives up."""


@dataclass(frozen=True)
class Population:
    """One generation: its particles with their weights and distances, its threshold, the simulations so far."""

    generation: int
    particles: np.ndarray
    """(population, parameters)"""
    weights: np.ndarray
    distances: np.ndarray
    epsilon: float
    simulations: int
    """Simulations run so far, this generation included."""


def abc_smc(simulate: Simulate, lows: Sequence[float], highs: Sequence[float], *, population: int, budget: int,
            seed: int = 0, quantile: float = 0.5) -> list[Population]:
    """Every complete generation, first to last; the last one is the posterior sample."""
    low, high = np.asarray(lows, dtype=float), np.asarray(highs, dtype=float)
    if population < 2 or budget < population:
        raise ValueError(f"need population >= 2 and budget >= population, found {population} and {budget}")
    if not np.all(high > low):
        raise ValueError("every range needs LOW < HIGH")
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(PROPOSAL_KEY,)))
    particles = low + (high - low) * rng.random((population, len(low)))
    distances = simulate(particles, [run_seed(seed, k) for k in range(population)])
    generations = [Population(0, particles, np.full(population, 1.0 / population), np.asarray(distances, float),
                              float("inf"), population)]
    while generations[-1].simulations < budget:
        following = _next_generation(simulate, generations[-1], low, high, population, budget, seed, quantile, rng)
        if following is None:
            break
        generations.append(following)
    return generations


def _next_generation(simulate: Simulate, previous: Population, low: np.ndarray, high: np.ndarray, population: int,
                     budget: int, seed: int, quantile: float, rng: np.random.Generator) -> Population | None:
    epsilon = float(np.quantile(previous.distances, quantile))
    covariance = 2.0 * np.atleast_2d(np.cov(previous.particles, rowvar=False, aweights=previous.weights))
    covariance += np.eye(len(low)) * 1e-12 * float(np.max(high - low)) ** 2
    kept_particles: list[np.ndarray] = []
    kept_distances: list[float] = []
    used, empty_batches = previous.simulations, 0
    while len(kept_particles) < population and used < budget and empty_batches < MAX_EMPTY_BATCHES:
        picks = rng.choice(len(previous.particles), size=population, p=previous.weights)
        proposals = previous.particles[picks] + rng.multivariate_normal(np.zeros(len(low)), covariance,
                                                                        size=population, method="cholesky")
        proposals = proposals[np.all((proposals >= low) & (proposals <= high), axis=1)][:budget - used]
        if len(proposals) == 0:
            empty_batches += 1
            continue
        distances = np.asarray(simulate(proposals, [run_seed(seed, used + k) for k in range(len(proposals))]), float)
        used += len(proposals)
        for proposal, distance in zip(proposals, distances, strict=True):
            if distance <= epsilon and len(kept_particles) < population:
                kept_particles.append(proposal)
                kept_distances.append(float(distance))
    if len(kept_particles) < population:
        return None
    particles = np.array(kept_particles)
    weights = 1.0 / _kernel_mixture(particles, previous.particles, previous.weights, covariance)
    return Population(previous.generation + 1, particles, weights / weights.sum(), np.array(kept_distances),
                      epsilon, used)


def _kernel_mixture(points: np.ndarray, centres: np.ndarray, weights: np.ndarray, covariance: np.ndarray) -> np.ndarray:
    """sum_j weights_j N(point; centre_j, covariance) for each point (the constant factor cancels)."""
    inverse = np.linalg.inv(covariance)
    differences = points[:, None, :] - centres[None, :, :]
    squared = np.einsum("ijk,kl,ijl->ij", differences, inverse, differences)
    return np.exp(-0.5 * squared) @ weights


def weighted_quantile(values: np.ndarray, weights: np.ndarray, share: float) -> float:
    """The smallest value whose cumulative weight reaches `share` of the total."""
    order = np.argsort(values, kind="stable")
    cumulative = np.cumsum(weights[order]) / weights.sum()
    return float(values[order][min(int(np.searchsorted(cumulative, share)), len(values) - 1)])
