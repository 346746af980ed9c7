"""Steps/s of a Java env as a Gymnasium vector env from Python, next to Gymnasium's own env in a SyncVectorEnv.

``python -m ppo4j.bench_reverse --env CartPole-v1 --envs 16`` (or ``./ppo4j bench reverse ...``) steps
``gymnasium.make_vec("ppo4j/CartPole-v1", num_envs=16)`` and
``SyncVectorEnv([gymnasium.make("CartPole-v1")] * 16)`` with the same seeds, the same random actions
(drawn before timing) and the same autoreset mode, in alternating rounds so that both see the same
machine load, after one warm-up round each. It prints the median steps/s of each and their ratio;
next to the wall-clock figures, CPU time per env step (the Java side's counting its JVM) stays
meaningful on a machine other programs load.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time

import gymnasium
import numpy as np
from gymnasium.vector import AutoresetMode, SyncVectorEnv

import ppo4j  # noqa: F401  (registers ppo4j/CartPole-v1 and ppo4j/Pendulum-v1)

WARM_UP_STEPS = 300


def _jvm_cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process, from /proc (0 where there is none)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _random_actions(space: gymnasium.spaces.Space, steps: int, seed: int) -> np.ndarray:
    """``steps`` batches of uniform actions from a batched action space (MultiDiscrete or Box), drawn up front."""
    rng = np.random.default_rng(seed)
    if isinstance(space, gymnasium.spaces.MultiDiscrete):
        return rng.integers(space.start, space.start + space.nvec, size=(steps, *space.shape))
    return rng.uniform(space.low, space.high, size=(steps, *space.shape)).astype(space.dtype)


def _round(envs, actions: np.ndarray, seed: int, jvm_pid: int | None) -> tuple[float, float, float]:
    """Steps through ``actions``; returns (env steps/s, CPU µs per env step, the JVM's share of it)."""
    envs.reset(seed=seed)
    jvm_start = _jvm_cpu_seconds(jvm_pid) if jvm_pid else 0.0
    cpu_start, start = time.process_time(), time.perf_counter()
    for batch in actions:
        envs.step(batch)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    jvm_cpu = (_jvm_cpu_seconds(jvm_pid) - jvm_start) if jvm_pid else 0.0
    env_steps = actions.shape[0] * envs.num_envs
    return env_steps / seconds, 1e6 * (cpu + jvm_cpu) / env_steps, 1e6 * jvm_cpu / env_steps


def run(env_id: str, num_envs: int, env_steps: int, rounds: int, seed: int, autoreset: AutoresetMode) -> dict:
    """Measures both vector envs; the result's keys are those ``--json`` prints."""
    java = gymnasium.make_vec(f"ppo4j/{env_id}", num_envs=num_envs, autoreset_mode=autoreset)
    reference = SyncVectorEnv([lambda: gymnasium.make(env_id) for _ in range(num_envs)], autoreset_mode=autoreset)
    steps = max(1, env_steps // num_envs)
    actions = _random_actions(reference.action_space, steps, seed)
    jvm_pid = java.jvm_pid
    load_before = os.getloadavg()[0]
    measured = {"java": [], "gymnasium": []}
    for envs, pid in ((java, jvm_pid), (reference, None)):
        _round(envs, actions[:WARM_UP_STEPS], seed, pid)
    for _ in range(rounds):
        measured["java"].append(_round(java, actions, seed, jvm_pid))
        measured["gymnasium"].append(_round(reference, actions, seed, None))
    java.close()
    reference.close()

    def median(name: str, column: int) -> float:
        return statistics.median(r[column] for r in measured[name])

    return {"env": env_id, "envs": num_envs, "steps": steps, "rounds": rounds, "autoreset": autoreset.value,
            "java_sps": round(median("java", 0)), "gymnasium_sps": round(median("gymnasium", 0)),
            "ratio": round(median("java", 0) / median("gymnasium", 0), 3),
            "java_sps_rounds": [round(r[0]) for r in measured["java"]],
            "gymnasium_sps_rounds": [round(r[0]) for r in measured["gymnasium"]],
            "java_cpu_us_per_step": round(median("java", 1), 2), "java_jvm_cpu_us_per_step": round(median("java", 2), 2),
            "gymnasium_cpu_us_per_step": round(median("gymnasium", 1), 2),
            "load_average_before_after": [round(load_before, 2), round(os.getloadavg()[0], 2)],
            "cores": os.cpu_count()}


def text(result: dict) -> str:
    """A short human-readable table of a :func:`run` result."""
    env = result["env"]
    return "\n".join([
        f"{env}, {result['envs']} envs, {result['steps']} vector steps x {result['rounds']} rounds, random actions, "
        f"autoreset {result['autoreset']}",
        f"  java      (make_vec ppo4j/{env}):         {result['java_sps']:>12,} steps/s   (rounds {result['java_sps_rounds']})",
        f"  gymnasium (SyncVectorEnv of {env}): {result['gymnasium_sps']:>12,} steps/s   "
        f"(rounds {result['gymnasium_sps_rounds']})",
        f"  ratio java / gymnasium: {result['ratio']:.3f}",
        f"  CPU per env step: java {result['java_cpu_us_per_step']:.2f} us (its JVM {result['java_jvm_cpu_us_per_step']:.2f}), "
        f"gymnasium {result['gymnasium_cpu_us_per_step']:.2f} us",
        f"  load average before/after: {result['load_average_before_after'][0]:.2f} / "
        f"{result['load_average_before_after'][1]:.2f} on {result['cores']} cores (other programs skew wall-clock figures)",
    ])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--env", default="CartPole-v1", choices=["CartPole-v1", "Pendulum-v1"])
    parser.add_argument("--envs", type=int, default=16, help="number of envs N (default: 16)")
    parser.add_argument("--steps", type=int, default=100_000, help="env steps per round, over all N envs (default: 100000)")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of each kind (default: 5)")
    parser.add_argument("--seed", type=int, default=0, help="seed of envs and actions (default: 0)")
    parser.add_argument("--autoreset", default="NextStep", choices=["NextStep", "SameStep"],
                        help="Gymnasium's autoreset mode, for both (default: NextStep)")
    parser.add_argument("--json", action="store_true", help="print one JSON line instead of text")
    args = parser.parse_args(argv)
    if args.envs <= 0 or args.steps <= 0 or args.rounds <= 0:
        parser.error("--envs, --steps and --rounds must be positive")
    result = run(args.env, args.envs, args.steps, args.rounds, args.seed, AutoresetMode(args.autoreset))
    print(json.dumps(result) if args.json else text(result), flush=True)


if __name__ == "__main__":
    main()
