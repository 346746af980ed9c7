"""Steps K Gymnasium envs directly in this process with random actions: the baseline of ``./ppo4j bench env``.

``python -m ppo4j.direct_bench --env Hopper-v5 --envs 4 --steps 2000`` makes the envs, prints
``ready``, waits for a line on stdin (so that several processes start stepping together), steps
every env ``--steps`` times (autoresetting ended episodes, as the worker does) and prints one JSON
line: ``{"env_steps": ..., "seconds": ..., "cpu_seconds": ...}``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time

import gymnasium
import numpy as np
from gymnasium import spaces


def random_actions(space: spaces.Space, rng: np.random.Generator, k: int) -> list:
    """k random actions, drawn in one batch so that drawing them costs little next to stepping."""
    if isinstance(space, spaces.Box):
        return list(rng.uniform(space.low, space.high, size=(k, *space.shape)).astype(space.dtype))
    if isinstance(space, spaces.Discrete):
        return [int(a) for a in rng.integers(space.start, space.start + space.n, size=k)]
    return [space.sample() for _ in range(k)]


def run(env_id: str, kwargs: dict, k: int, steps: int, seed: int, wait_for_go: bool) -> dict:
    envs = [gymnasium.make(env_id, **kwargs) for _ in range(k)]
    for i, env in enumerate(envs):
        env.reset(seed=seed + i)
    rng = np.random.default_rng(seed)
    if wait_for_go:
        print("ready", flush=True)
        sys.stdin.readline()
    start, cpu_start = time.perf_counter(), time.process_time()
    for _ in range(steps):
        for env, action in zip(envs, random_actions(envs[0].action_space, rng, k)):
            _, _, terminated, truncated, _ = env.step(action)
            if terminated or truncated:
                env.reset()
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_start
    return {"env_steps": k * steps, "seconds": seconds, "cpu_seconds": cpu_seconds}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--env", required=True)
    parser.add_argument("--kwargs", default="{}", help="gymnasium.make keyword arguments as JSON")
    parser.add_argument("--envs", type=int, required=True)
    parser.add_argument("--steps", type=int, required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-wait", action="store_true", help="start stepping without waiting for a line on stdin")
    args = parser.parse_args(argv)
    print(json.dumps(run(args.env, json.loads(args.kwargs), args.envs, args.steps, args.seed, not args.no_wait)), flush=True)


if __name__ == "__main__":
    main()
