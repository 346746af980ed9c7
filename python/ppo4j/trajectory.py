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

With ``"num_envs": N`` in the request it instead runs ``gymnasium.make_vec`` (sync, SAME_STEP
autoreset) and the ops are ``{"op": "reset", "seed": s}`` and ``{"op": "step", "actions":
[[...], ...]}`` (one flat action per env); each record then holds per-env lists: ``obs``,
``rewards``, ``terminated``, ``truncated`` and ``final_obs`` (null where no episode ended).
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


def run_vector(env_id: str, num_envs: int, ops: list) -> list:
    """Applies the ops to ``gymnasium.make_vec`` with SAME_STEP autoreset; one record per reset or step."""
    envs = gym.make_vec(
        env_id,
        num_envs=num_envs,
        vectorization_mode="sync",
        vector_kwargs={"autoreset_mode": gym.vector.AutoresetMode.SAME_STEP},
    )
    records = []
    try:
        for op in ops:
            if op["op"] == "reset":
                obs, _ = envs.reset(seed=op.get("seed"))
                records.append({"obs": np.asarray(obs, dtype=np.float64).reshape(num_envs, -1).tolist()})
            elif op["op"] == "step":
                actions = [_to_action(envs.single_action_space, a) for a in op["actions"]]
                obs, rewards, terminated, truncated, info = envs.step(np.stack(actions))
                ended = info.get("_final_obs", np.zeros(num_envs, dtype=bool))
                records.append({
                    "obs": np.asarray(obs, dtype=np.float64).reshape(num_envs, -1).tolist(),
                    "rewards": [float(r) for r in rewards],
                    "terminated": [bool(t) for t in terminated],
                    "truncated": [bool(t) for t in truncated],
                    "final_obs": [
                        np.asarray(info["final_obs"][i], dtype=np.float64).ravel().tolist() if ended[i] else None
                        for i in range(num_envs)
                    ],
                })
            else:
                raise ValueError(f"unknown vector op {op['op']!r}; use reset or step")
    finally:
        envs.close()
    return records


def main() -> None:
    request = json.load(sys.stdin)
    if "num_envs" in request:
        json.dump(run_vector(request["env_id"], int(request["num_envs"]), request["ops"]), sys.stdout)
    else:
        json.dump(run(request["env_id"], request["ops"]), sys.stdout)


if __name__ == "__main__":
    main()
