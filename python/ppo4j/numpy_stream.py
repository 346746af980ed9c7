"""Prints numpy's seeding and random stream as JSON, the reference for ppo4j's Java port.

Reads one JSON object from stdin: {"seeds": [int, ...], "draws": int, "uniform": [low, high]}
and prints, per seed, what numpy's SeedSequence, PCG64 and Generator produce. Large integers
are printed as decimal strings so no JSON reader rounds them.
"""

import json
import sys

import numpy as np


def describe(seed: int, draws: int, low: float, high: float) -> dict:
    """The pool, seed state, PCG64 state and first draws numpy makes for one seed."""
    seed_sequence = np.random.SeedSequence(seed)
    pcg = np.random.PCG64(np.random.SeedSequence(seed))
    state = pcg.state["state"]
    return {
        "seed": str(seed),
        "pool": [int(w) for w in seed_sequence.pool],
        "state32": [int(w) for w in seed_sequence.generate_state(8, np.uint32)],
        "state64": [str(int(w)) for w in seed_sequence.generate_state(4, np.uint64)],
        "pcg_state": str(state["state"]),
        "pcg_inc": str(state["inc"]),
        "uint64": [str(int(w)) for w in np.random.PCG64(np.random.SeedSequence(seed)).random_raw(draws)],
        "random": np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed))).random(draws).tolist(),
        "uniform": np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed)))
        .uniform(low, high, size=draws)
        .tolist(),
    }


def main() -> None:
    request = json.load(sys.stdin)
    low, high = request["uniform"]
    out = [describe(int(seed), int(request["draws"]), float(low), float(high)) for seed in request["seeds"]]
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
