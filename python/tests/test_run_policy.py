"""The Python-side policy runner against hand-written numpy loops of the same policies."""

import json

import gymnasium as gym
import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper, numpy_helper

from ppo4j import run_policy as runner

OPSET = 17
IR_VERSION = 8
OBS_CLIP = 10.0
# onnxruntime and numpy may sum a float32 dot product in different orders, so a torque can
# differ in its last bit; over an episode that moves a return by about 1e-8 relative. A wrong
# seed, a missing clip or a different policy moves it by far more.
RETURN_RTOL = 1e-6


class LinearPolicy:
    """A fixed policy in the exported contract's form: normalise, clip, one linear layer."""

    def __init__(self, obs_mean, obs_var, weight, bias):
        self.obs_mean = np.asarray(obs_mean, dtype=np.float32)
        self.inv_std = (1.0 / np.sqrt(np.asarray(obs_var, dtype=np.float64) + 1e-8)).astype(np.float32)
        self.weight = np.asarray(weight, dtype=np.float32)
        self.bias = np.asarray(bias, dtype=np.float32)
        self.value_weight = np.linspace(-1.0, 1.0, self.weight.shape[0], dtype=np.float32).reshape(-1, 1)

    def head(self, observation):
        """The numpy twin of the graph's pre-action output (mean or logits) for one observation."""
        obs = np.asarray(observation, dtype=np.float32).reshape(1, -1)
        normalised = np.clip((obs - self.obs_mean) * self.inv_std, -OBS_CLIP, OBS_CLIP)
        return (normalised @ self.weight + self.bias)[0]

    def trunk_nodes(self):
        """Graph nodes from 'obs' to 'head' and 'value', with their initializers."""
        initializers = [
            numpy_helper.from_array(self.obs_mean, "obs_mean"),
            numpy_helper.from_array(self.inv_std, "obs_inv_std"),
            numpy_helper.from_array(np.float32(-OBS_CLIP), "obs_clip_low"),
            numpy_helper.from_array(np.float32(OBS_CLIP), "obs_clip_high"),
            numpy_helper.from_array(self.weight, "weight"),
            numpy_helper.from_array(self.bias, "bias"),
            numpy_helper.from_array(self.value_weight, "value_weight"),
        ]
        nodes = [
            helper.make_node("Sub", ["obs", "obs_mean"], ["centred"]),
            helper.make_node("Mul", ["centred", "obs_inv_std"], ["scaled"]),
            helper.make_node("Clip", ["scaled", "obs_clip_low", "obs_clip_high"], ["normalised"]),
            helper.make_node("MatMul", ["normalised", "weight"], ["projected"]),
            helper.make_node("Add", ["projected", "bias"], ["head"]),
            helper.make_node("MatMul", ["normalised", "value_weight"], ["value"]),
        ]
        return nodes, initializers


def _save(path, nodes, initializers, outputs, obs_dim, metadata):
    graph = helper.make_graph(
        nodes, "policy",
        [helper.make_tensor_value_info("obs", TensorProto.FLOAT, ["batch", obs_dim])],
        outputs, initializer=initializers)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], ir_version=IR_VERSION)
    helper.set_model_props(model, metadata)
    onnx.checker.check_model(model, full_check=True)
    onnx.save(model, str(path))
    return str(path)


def gaussian_policy_file(path, policy, low, high, metadata):
    """A Box-action policy: action = mean clipped to [low, high], plus mean, log_std and value."""
    nodes, initializers = policy.trunk_nodes()
    act_dim = policy.weight.shape[1]
    initializers += [
        numpy_helper.from_array(np.asarray(low, dtype=np.float32), "action_low"),
        numpy_helper.from_array(np.asarray(high, dtype=np.float32), "action_high"),
        numpy_helper.from_array(np.full(act_dim, -0.5, dtype=np.float32), "log_std_param"),
    ]
    nodes += [
        helper.make_node("Identity", ["head"], ["mean"]),
        helper.make_node("Max", ["head", "action_low"], ["above_low"]),
        helper.make_node("Min", ["above_low", "action_high"], ["action"]),
        helper.make_node("Identity", ["log_std_param"], ["log_std"]),
    ]
    outputs = [
        helper.make_tensor_value_info("action", TensorProto.FLOAT, ["batch", act_dim]),
        helper.make_tensor_value_info("mean", TensorProto.FLOAT, ["batch", act_dim]),
        helper.make_tensor_value_info("log_std", TensorProto.FLOAT, [act_dim]),
        helper.make_tensor_value_info("value", TensorProto.FLOAT, ["batch", 1]),
    ]
    return _save(path, nodes, initializers, outputs, policy.weight.shape[0], metadata)


def categorical_policy_file(path, policy, metadata):
    """A Discrete-action policy: action = argmax of the logits (int64), plus logits and value."""
    nodes, initializers = policy.trunk_nodes()
    n = policy.weight.shape[1]
    nodes += [
        helper.make_node("Identity", ["head"], ["logits"]),
        helper.make_node("ArgMax", ["head"], ["action"], axis=1, keepdims=0),
    ]
    outputs = [
        helper.make_tensor_value_info("action", TensorProto.INT64, ["batch"]),
        helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", n]),
        helper.make_tensor_value_info("value", TensorProto.FLOAT, ["batch", 1]),
    ]
    return _save(path, nodes, initializers, outputs, policy.weight.shape[0], metadata)


PENDULUM = LinearPolicy(obs_mean=[0.1, -0.2, 0.3], obs_var=[0.5, 0.6, 4.0],
                        weight=[[-0.3], [-2.5], [-1.1]], bias=[0.05])
CARTPOLE = LinearPolicy(obs_mean=[0.0, 0.0, 0.0, 0.0], obs_var=[0.5, 1.0, 0.01, 0.5],
                        weight=[[-0.2, 0.2], [-0.5, 0.5], [-1.0, 1.0], [-0.8, 0.8]], bias=[0.01, 0.0])


def numpy_returns(env_id, env_kwargs, choose_action, seeds):
    """The reference loop: episode k reset with seeds[k], acting with choose_action(observation)."""
    env = gym.make(env_id, **env_kwargs)
    returns, lengths = [], []
    for seed in seeds:
        observation, _ = env.reset(seed=seed)
        total, length, done = 0.0, 0, False
        while not done:
            observation, reward, terminated, truncated, _ = env.step(choose_action(observation))
            total += float(reward)
            length += 1
            done = terminated or truncated
        returns.append(total)
        lengths.append(length)
    env.close()
    return returns, lengths


def pendulum_action(observation):
    return np.clip(PENDULUM.head(observation), -2.0, 2.0)


def cartpole_action(observation):
    return int(np.argmax(CARTPOLE.head(observation)))


@pytest.fixture
def pendulum_file(tmp_path):
    return gaussian_policy_file(tmp_path / "pendulum.onnx", PENDULUM, [-2.0], [2.0],
                                {"env_id": "Pendulum-v1", "env_kwargs": "{}"})


@pytest.fixture
def cartpole_file(tmp_path):
    return categorical_policy_file(tmp_path / "cartpole.onnx", CARTPOLE,
                                   {"env_id": "CartPole-v1", "env_kwargs": "{}"})


def test_box_policy_returns_equal_the_numpy_loop(pendulum_file):
    result = runner.run_policy(pendulum_file, episodes=3, seed=1000)
    expected_returns, expected_lengths = numpy_returns("Pendulum-v1", {}, pendulum_action, [1000, 1001, 1002])
    assert result.env_id == "Pendulum-v1"
    assert result.seeds == [1000, 1001, 1002]
    assert result.lengths == expected_lengths == [200, 200, 200]
    np.testing.assert_allclose(result.returns, expected_returns, rtol=RETURN_RTOL)
    # The policy is not trivial: the episodes differ and the torque bounds bind sometimes.
    assert len(set(result.returns)) == 3


def test_discrete_policy_returns_equal_the_numpy_loop(cartpole_file):
    result = runner.run_policy(cartpole_file, episodes=4, seed=7)
    expected_returns, expected_lengths = numpy_returns("CartPole-v1", {}, cartpole_action, [7, 8, 9, 10])
    assert result.lengths == expected_lengths
    assert result.returns == expected_returns
    assert max(result.lengths) > 20, "the fixed CartPole policy should balance for a while"


def test_two_runs_give_identical_results(pendulum_file):
    first = runner.run_policy(pendulum_file, episodes=2, seed=42)
    second = runner.run_policy(pendulum_file, episodes=2, seed=42)
    assert first == second
    other_seeds = runner.run_policy(pendulum_file, episodes=2, seed=43)
    assert other_seeds.returns[0] == first.returns[1]
    assert other_seeds.returns[1] != first.returns[1]


def test_env_kwargs_come_from_the_metadata(tmp_path):
    path = gaussian_policy_file(tmp_path / "low_gravity.onnx", PENDULUM, [-2.0], [2.0],
                                {"env_id": "Pendulum-v1", "env_kwargs": json.dumps({"g": 3.0})})
    result = runner.run_policy(path, episodes=2, seed=5)
    assert result.env_kwargs == {"g": 3.0}
    expected, _ = numpy_returns("Pendulum-v1", {"g": 3.0}, pendulum_action, [5, 6])
    np.testing.assert_allclose(result.returns, expected, rtol=RETURN_RTOL)
    default_gravity, _ = numpy_returns("Pendulum-v1", {}, pendulum_action, [5, 6])
    assert result.returns != default_gravity
    overridden = runner.run_policy(path, env_kwargs={}, episodes=2, seed=5)
    np.testing.assert_allclose(overridden.returns, default_gravity, rtol=RETURN_RTOL)


def test_statistics():
    result = runner.EvaluationResult("X-v0", {}, [0, 1, 2, 3], [1.0, 2.0, 4.0, 9.0], [1, 1, 1, 1])
    returns = np.array([1.0, 2.0, 4.0, 9.0])
    assert result.statistics() == {"mean": 4.0, "std": pytest.approx(np.sqrt(9.5)), "min": 1.0, "max": 9.0,
                                   "median": 3.0,
                                   "iqr": pytest.approx(np.quantile(returns, 0.75) - np.quantile(returns, 0.25)),
                                   "cvar": 1.0}
    # the CVaR averages the lowest ceil(0.25 n) returns
    five = runner.EvaluationResult("X-v0", {}, list(range(5)), [5.0, 1.0, 4.0, 2.0, 3.0], [1] * 5)
    assert five.statistics()["cvar"] == 1.5


def test_table_numbers_episodes_from_one_and_rounds_as_java():
    result = runner.EvaluationResult("X-v0", {}, [1000, 1001], [0.125, 2.675], [7, 11])
    assert result.table() == (
        "episode  seed         return   length\n"
        "1        1000           0.13        7\n"
        "2        1001           2.68       11\n"
        "X-v0 over 2 episodes: mean 1.40, std 1.28, min 0.13, median 1.40, max 2.68, IQR 1.27, CVaR(0.25) 0.13\n")


def test_cli_prints_one_json_line(cartpole_file, capsys):
    assert runner.main(["--policy", cartpole_file, "--episodes", "3", "--seed", "100", "--json"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1
    report = json.loads(lines[0])
    expected_returns, expected_lengths = numpy_returns("CartPole-v1", {}, cartpole_action, [100, 101, 102])
    assert report["env_id"] == "CartPole-v1"
    assert report["seeds"] == [100, 101, 102]
    assert report["returns"] == expected_returns
    assert report["lengths"] == expected_lengths
    assert report["mean"] == pytest.approx(np.mean(expected_returns))
    assert report["median"] == pytest.approx(np.median(expected_returns))
    assert {"std", "min", "max"} <= report.keys()


def test_cli_prints_episodes_and_statistics(pendulum_file, capsys):
    assert runner.main(["--policy", pendulum_file, "--env", "Pendulum-v1", "--episodes", "2"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["episode", "seed", "return", "length"]
    assert [line.split()[:2] for line in lines[1:3]] == [["1", "1000"], ["2", "1001"]]
    assert lines[3].startswith("Pendulum-v1 over 2 episodes: mean ") and "IQR" in lines[3] and "CVaR(0.25)" in lines[3]


def test_missing_policy_file_is_named(tmp_path, capsys):
    missing = str(tmp_path / "nowhere.onnx")
    assert runner.main(["--policy", missing]) == 2
    err = capsys.readouterr().err
    assert f"The policy file {missing} does not exist" in err


def test_a_file_that_is_not_onnx(tmp_path):
    path = tmp_path / "policy.onnx"
    path.write_text("not a model")
    with pytest.raises(runner.PolicyRunError, match="is not an ONNX model onnxruntime can load"):
        runner.run_policy(str(path))


def test_observation_size_mismatch(pendulum_file):
    with pytest.raises(runner.PolicyRunError,
                       match="expects observations of 3 values but CartPole-v1 gives 4.*env_id=Pendulum-v1"):
        runner.run_policy(pendulum_file, env_id="CartPole-v1", episodes=1)


def test_action_size_mismatch(tmp_path):
    path = categorical_policy_file(tmp_path / "three_actions.onnx",
                                   LinearPolicy([0.0] * 4, [1.0] * 4, np.ones((4, 3)), [0.0, 0.0, 0.0]),
                                   {"env_id": "CartPole-v1"})
    with pytest.raises(runner.PolicyRunError, match="chooses among 3 actions but CartPole-v1 has 2"):
        runner.run_policy(path, episodes=1)


def test_unknown_env_lists_close_matches(pendulum_file):
    with pytest.raises(runner.PolicyRunError, match="no environment 'Pendulm-v1'. Close matches: Pendulum-v1"):
        runner.run_policy(pendulum_file, env_id="Pendulm-v1")


def test_policy_without_env_metadata_needs_env(tmp_path):
    path = gaussian_policy_file(tmp_path / "anonymous.onnx", PENDULUM, [-2.0], [2.0], {})
    with pytest.raises(runner.PolicyRunError, match="does not name its environment.*pass --env"):
        runner.run_policy(path)
    assert len(runner.run_policy(path, env_id="Pendulum-v1", episodes=1).returns) == 1


def test_bad_env_kwargs(pendulum_file, capsys):
    assert runner.main(["--policy", pendulum_file, "--env-kwargs", "[1, 2]"]) == 2
    assert "--env-kwargs must be a JSON object" in capsys.readouterr().err
    with pytest.raises(runner.PolicyRunError, match="does not accept the keyword arguments"):
        runner.run_policy(pendulum_file, env_kwargs={"gravity_typo": 1.0})
