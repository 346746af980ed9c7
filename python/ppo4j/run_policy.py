"""Run an exported ppo4j policy in Gymnasium with Python onnxruntime, no Java involved.

    python -m ppo4j.run_policy --policy runs/<dir>/policy.onnx [--env Hopper-v5]
        [--env-kwargs JSON] [--episodes 10] [--seed 1000] [--json]

The episodes are reset with seeds ``seed``, ``seed + 1``, ...: the evaluation seeds are fixed, so
two evaluations of the same policy (this one, or ``./ppo4j eval`` in Java) see the same initial
states and can be compared episode by episode, and both print the same table. The policy acts
deterministically: the env receives the model's ``action`` output (for a Box space the Gaussian
mean, already clipped to the bounds inside the graph; for a Discrete space the argmax of the
logits).

The exported file's contract: input ``obs`` float32 [batch, obs_dim] of raw observations
(normalisation happens inside the graph); outputs ``action``, ``mean`` or ``logits``,
``log_std`` (Gaussian only) and ``value``; ``metadata_props`` hold ``env_id`` and ``env_kwargs``
(JSON), used when ``--env`` / ``--env-kwargs`` are not given.
"""

import argparse
import dataclasses
import decimal
import difflib
import json
import math
import os
import sys

import gymnasium as gym
import numpy as np
import onnxruntime as ort

# The exported file's input and output names, as Java declares them in
# trainer/src/main/java/dev/ppo4j/model/PolicyNames.java; tests/exported_policy_parity.py checks
# them against files Java exported.
OBS_INPUT = "obs"
ACTION_OUTPUT = "action"
LOGITS_OUTPUT = "logits"
ENV_ID_KEY = "env_id"
ENV_KWARGS_KEY = "env_kwargs"
# Pure-Java envs are ports of Gymnasium's; in Python the Gymnasium original stands in for them.
JAVA_ENV_PREFIX = "java:"
# The lower tail the CVaR of the returns averages, as Java's Statistics.DEFAULT_CVAR_ALPHA.
CVAR_ALPHA = 0.25


class PolicyRunError(Exception):
    """A policy file or environment that cannot be run; the message says what to change."""


@dataclasses.dataclass(frozen=True)
class EvaluationResult:
    """Per-episode returns and lengths of one evaluation, with the seeds that reset each episode."""

    env_id: str
    env_kwargs: dict
    seeds: list
    returns: list
    lengths: list

    def statistics(self):
        """The statistics ``./ppo4j eval`` reports, computed as Java's Statistics computes them.

        Mean, population standard deviation, min, median, max, interquartile range (numpy's
        linear quantiles) and the CVaR (the mean of the lowest ceil(0.25 n) returns), each sum
        taken in order, so that both print the same digits.
        """
        ordered = sorted(float(r) for r in self.returns)
        n = len(ordered)
        mean = sum(float(r) for r in self.returns) / n
        tail = min(n, max(1, math.ceil(CVAR_ALPHA * n - 1e-9)))
        return {
            "mean": mean,
            "std": math.sqrt(sum((float(r) - mean) ** 2 for r in self.returns) / n),
            "min": ordered[0],
            "median": _quantile(ordered, 0.5),
            "max": ordered[-1],
            "iqr": _quantile(ordered, 0.75) - _quantile(ordered, 0.25),
            "cvar": sum(ordered[:tail]) / tail,
        }

    def table(self):
        """The episodes and their statistics as ``./ppo4j eval`` prints them, line for line."""
        lines = [f"{'episode':<8} {'seed':<6} {'return':>12} {'length':>8}"]
        for k, (seed, episode_return, length) in enumerate(zip(self.seeds, self.returns, self.lengths), start=1):
            lines.append(f"{k:<8d} {seed:<6d} {_two_decimals(episode_return):>12} {length:8d}")
        s = {key: _two_decimals(value) for key, value in self.statistics().items()}
        lines.append(f"{self.env_id} over {len(self.returns)} episodes: mean {s['mean']}, std {s['std']}, min {s['min']},"
                     f" median {s['median']}, max {s['max']}, IQR {s['iqr']}, CVaR({CVAR_ALPHA:.2f}) {s['cvar']}")
        return "\n".join(lines) + "\n"


def _quantile(ordered, q):
    """numpy's default (linear) quantile of sorted values, computed as Java's Statistics.quantile."""
    h = (len(ordered) - 1) * q
    low = math.floor(h)
    if low >= len(ordered) - 1:
        return ordered[-1]
    return ordered[low] + (h - low) * (ordered[low + 1] - ordered[low])


def _two_decimals(value):
    """Two decimals as Java's %.2f writes them: the shortest repr, rounded half up."""
    if not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    return str(decimal.Decimal(repr(float(value))).quantize(decimal.Decimal("0.01"), rounding=decimal.ROUND_HALF_UP))


class OnnxPolicy:
    """An exported policy: maps one raw observation to the action the env receives."""

    def __init__(self, path):
        if not os.path.isfile(path):
            raise PolicyRunError(
                f"The policy file {path} does not exist. Pass the policy.onnx of a run directory, "
                "e.g. --policy runs/<dir>/policy.onnx.")
        options = ort.SessionOptions()
        # One thread: a policy this small runs fastest single-threaded, and results do not
        # depend on how work is split across threads.
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        try:
            self.session = ort.InferenceSession(path, sess_options=options, providers=["CPUExecutionProvider"])
        except Exception as error:  # onnxruntime raises several unrelated types for unreadable files
            raise PolicyRunError(
                f"{path} is not an ONNX model onnxruntime can load ({error}). "
                "Pass the policy.onnx that ppo4j exported.") from error
        self.path = path
        self.metadata = dict(self.session.get_modelmeta().custom_metadata_map)
        inputs = {node.name: node for node in self.session.get_inputs()}
        outputs = {node.name: node for node in self.session.get_outputs()}
        if OBS_INPUT not in inputs or ACTION_OUTPUT not in outputs:
            raise PolicyRunError(
                f"{path} has inputs {sorted(inputs)} and outputs {sorted(outputs)}, but a ppo4j policy "
                f"takes '{OBS_INPUT}' and returns '{ACTION_OUTPUT}'. Pass the policy.onnx that ppo4j exported.")
        obs_shape = inputs[OBS_INPUT].shape
        self.obs_dim = obs_shape[-1] if len(obs_shape) == 2 and isinstance(obs_shape[-1], int) else None
        self.output_shapes = {name: node.shape for name, node in outputs.items()}

    def act(self, observation):
        """The model's ``action`` output for one flat observation, as a numpy array (batch removed)."""
        batch = np.asarray(observation, dtype=np.float32).reshape(1, -1)
        (action,) = self.session.run([ACTION_OUTPUT], {OBS_INPUT: batch})
        return action[0]


def _known_env_ids():
    return sorted(gym.registry.keys())


def make_env(env_id, env_kwargs):
    """gymnasium.make with messages that name close matches of a mistyped id."""
    gym_id = env_id[len(JAVA_ENV_PREFIX):] if env_id.startswith(JAVA_ENV_PREFIX) else env_id
    try:
        return gym.make(gym_id, **env_kwargs)
    except gym.error.UnregisteredEnv as error:
        matches = difflib.get_close_matches(gym_id, _known_env_ids(), n=5, cutoff=0.6)
        hint = f" Close matches: {', '.join(matches)}." if matches else ""
        raise PolicyRunError(
            f"Gymnasium has no environment '{gym_id}'.{hint} Pass --env with a registered id "
            "(python -c \"import gymnasium; print(sorted(gymnasium.registry))\" lists them).") from error
    except TypeError as error:
        raise PolicyRunError(
            f"{gym_id} does not accept the keyword arguments {json.dumps(env_kwargs)} ({error}). "
            "Fix --env-kwargs.") from error


def _action_converter(policy, env, env_id):
    """A function from the model's action output to what env.step accepts, after checking they fit."""
    space = env.action_space
    if isinstance(space, gym.spaces.Box):
        size = int(np.prod(space.shape))
        declared = policy.output_shapes[ACTION_OUTPUT]
        if len(declared) >= 2 and isinstance(declared[-1], int) and declared[-1] != size:
            raise PolicyRunError(
                f"{policy.path} outputs {declared[-1]} action values but {env_id} takes {size}. "
                f"Pass the env the policy was trained on (its metadata says env_id={policy.metadata.get(ENV_ID_KEY)}).")
        return lambda action: np.asarray(action, dtype=space.dtype).reshape(space.shape)
    if isinstance(space, gym.spaces.Discrete):
        declared = policy.output_shapes.get(LOGITS_OUTPUT, [])
        if len(declared) >= 2 and isinstance(declared[-1], int) and declared[-1] != space.n:
            raise PolicyRunError(
                f"{policy.path} chooses among {declared[-1]} actions but {env_id} has {space.n}. "
                f"Pass the env the policy was trained on (its metadata says env_id={policy.metadata.get(ENV_ID_KEY)}).")
        start = int(space.start)
        return lambda action: start + int(np.asarray(action).reshape(-1)[0])
    raise PolicyRunError(
        f"{env_id} has the action space {space}; ppo4j policies act in Box and Discrete spaces only.")


def _resolve_env(policy, env_id, env_kwargs):
    model_env_id = policy.metadata.get(ENV_ID_KEY)
    if env_id is None:
        if not model_env_id:
            raise PolicyRunError(
                f"{policy.path} does not name its environment in its metadata ({ENV_ID_KEY}); pass --env.")
        env_id = model_env_id
    if env_kwargs is None:
        env_kwargs = {}
        if env_id == model_env_id and policy.metadata.get(ENV_KWARGS_KEY):
            try:
                env_kwargs = json.loads(policy.metadata[ENV_KWARGS_KEY])
            except json.JSONDecodeError as error:
                raise PolicyRunError(
                    f"The {ENV_KWARGS_KEY} metadata of {policy.path} is not JSON ({error}); "
                    "pass --env-kwargs explicitly.") from error
    if not isinstance(env_kwargs, dict):
        raise PolicyRunError(f"The env kwargs must be a JSON object, got {json.dumps(env_kwargs)}.")
    return env_id, env_kwargs


def run_policy(policy_path, env_id=None, env_kwargs=None, episodes=10, seed=1000):
    """Runs the exported policy for ``episodes`` episodes, episode k reset with seed ``seed + k``.

    env_id / env_kwargs default to the model's metadata (the kwargs only when the env is the one
    the model names). Returns an EvaluationResult; raises PolicyRunError on unusable input.
    """
    if episodes < 1:
        raise PolicyRunError(f"--episodes must be at least 1, got {episodes}.")
    policy = OnnxPolicy(policy_path)
    env_id, env_kwargs = _resolve_env(policy, env_id, env_kwargs)
    env = make_env(env_id, env_kwargs)
    try:
        obs_space = env.observation_space
        if not isinstance(obs_space, gym.spaces.Box):
            raise PolicyRunError(
                f"{env_id} has the observation space {obs_space}; ppo4j policies read Box observations only.")
        obs_size = int(np.prod(obs_space.shape))
        if policy.obs_dim is not None and policy.obs_dim != obs_size:
            raise PolicyRunError(
                f"{policy.path} expects observations of {policy.obs_dim} values but {env_id} gives {obs_size}. "
                f"Pass the env the policy was trained on (its metadata says "
                f"env_id={policy.metadata.get(ENV_ID_KEY)}).")
        to_env_action = _action_converter(policy, env, env_id)
        seeds = [seed + k for k in range(episodes)]
        returns, lengths = [], []
        for episode_seed in seeds:
            observation, _ = env.reset(seed=episode_seed)
            episode_return, length = 0.0, 0
            terminated = truncated = False
            while not (terminated or truncated):
                action = to_env_action(policy.act(observation))
                observation, reward, terminated, truncated, _ = env.step(action)
                episode_return += float(reward)
                length += 1
            returns.append(episode_return)
            lengths.append(length)
    finally:
        env.close()
    return EvaluationResult(env_id=env_id, env_kwargs=env_kwargs, seeds=seeds, returns=returns, lengths=lengths)


def _parse_kwargs(text):
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise PolicyRunError(f"--env-kwargs is not valid JSON ({error}): {text}") from error
    if not isinstance(value, dict):
        raise PolicyRunError(f"--env-kwargs must be a JSON object such as '{{\"ctrl_cost_weight\": 0.1}}', got {text}")
    return value


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m ppo4j.run_policy",
        description="Run an exported ppo4j policy (policy.onnx) in Gymnasium with onnxruntime, "
                    "its episodes reset with seeds SEED, SEED + 1, ..., and print the returns and their statistics"
                    " as ./ppo4j eval does.")
    parser.add_argument("--policy", required=True, help="the exported policy.onnx")
    parser.add_argument("--env", help="Gymnasium env id (default: the env_id in the policy's metadata)")
    parser.add_argument("--env-kwargs", help="JSON object of keyword arguments for gymnasium.make "
                                             "(default: the policy's env_kwargs when the env is the policy's own)")
    parser.add_argument("--episodes", type=int, default=10, help="number of episodes (default: 10)")
    parser.add_argument("--seed", type=int, default=1000, help="seed of the first episode (default: 1000)")
    parser.add_argument("--json", action="store_true", help="print one JSON line instead of the table")
    args = parser.parse_args(argv)
    try:
        env_kwargs = _parse_kwargs(args.env_kwargs) if args.env_kwargs is not None else None
        result = run_policy(args.policy, args.env, env_kwargs, args.episodes, args.seed)
    except PolicyRunError as error:
        print(f"{parser.prog}: error: {error}", file=sys.stderr)
        return 2
    statistics = result.statistics()
    if args.json:
        print(json.dumps({
            "policy": args.policy, "env_id": result.env_id, "env_kwargs": result.env_kwargs,
            "episodes": len(result.returns), "seeds": result.seeds,
            "returns": result.returns, "lengths": result.lengths, **statistics}))
        return 0
    print(result.table(), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
