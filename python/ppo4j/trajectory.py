"""Runs Gymnasium envs on a scripted sequence of resets and actions and prints what happened.

The reference for ppo4j's pure-Java environments: Java tests send the same seeds and actions to
this script and to the Java port and compare the results step for step.

Reads one JSON object from stdin::

    {"env_id": "CartPole-v1",
     "ops": [{"op": "reset", "seed": 3, "options": {"low": -0.1}},
             {"op": "step", "action": [1]},
             {"op": "balance"}]}

``reset`` takes an optional ``seed`` (null continues the env's random stream) and optional
``options``; ``step`` takes a flat action; ``balance`` steps CartPole with a fixed linear
feedback policy until the episode ends (so a 500-step truncation can be reached) and reports the
actions it chose. Prints a JSON list with one record per reset or step: the observation, the
reward and the terminated/truncated flags, the env's float64 internal state, and the action.
"""

import json
import sys

import gymnasium as gym
import numpy as np


def _to_action(space: gym.Space, flat: list) -> object:
    if isinstance(space, gym.spaces.Discrete):
        return int(flat[0])
    return np.asarray(flat, dtype=space.dtype).reshape(space.shape)


def _state(env: gym.Env) -> list:
    return [float(v) for v in np.asarray(env.unwrapped.state, dtype=np.float64)]


def _step_record(env: gym.Env, flat_action: list) -> dict:
    obs, reward, terminated, truncated, _ = env.step(_to_action(env.action_space, flat_action))
    return {
        "obs": np.asarray(obs, dtype=np.float64).ravel().tolist(),
        "reward": float(reward),
        "terminated": bool(terminated),
        "truncated": bool(truncated),
        "state": _state(env),
        "action": flat_action,
    }


def _balancing_action(state: list) -> int:
    """A linear state-feedback rule that keeps CartPole up for the whole time limit."""
    x, x_dot, theta, theta_dot = state
    return 1 if 0.1 * x + 0.5 * x_dot + 10.0 * theta + 2.0 * theta_dot > 0 else 0


def run(env_id: str, ops: list) -> list:
    """Applies the ops to a fresh ``gymnasium.make(env_id)`` and returns one record per reset or step."""
    env = gym.make(env_id)
    records = []
    try:
        for op in ops:
            kind = op["op"]
            if kind == "reset":
                obs, _ = env.reset(seed=op.get("seed"), options=op.get("options"))
                records.append({"obs": np.asarray(obs, dtype=np.float64).ravel().tolist(), "state": _state(env)})
            elif kind == "step":
                records.append(_step_record(env, op["action"]))
            elif kind == "balance":
                while True:
                    record = _step_record(env, [_balancing_action(_state(env))])
                    records.append(record)
                    if record["terminated"] or record["truncated"]:
                        break
            else:
                raise ValueError(f"unknown op {kind!r}; use reset, step or balance")
    finally:
        env.close()
    return records


def main() -> None:
    request = json.load(sys.stdin)
    json.dump(run(request["env_id"], request["ops"]), sys.stdout)


if __name__ == "__main__":
    main()
