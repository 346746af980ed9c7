"""One registration serves both directions: a user's EnvProvider, found on a classpath, makes its envs
known to Gymnasium in Python and to ``./ppo4j train --env java:<id>``."""

import csv
import os
import subprocess
from pathlib import Path

import gymnasium
import numpy as np
import pytest

import ppo4j

HOME = Path(__file__).resolve().parents[2]


def test_provided_envs_register_with_gymnasium_under_their_own_ids(java_envs_classpath):
    assert ppo4j.register_java_envs(classpath=[java_envs_classpath]) == ["acme/Point-v0"]
    env = gymnasium.make("acme/Point-v0", goal=0.2, max_steps=3)
    obs, _ = env.reset(seed=0, options={"start": 0.0})
    np.testing.assert_allclose(obs, [0.0, 0.2])
    obs, reward, *_ = env.step(np.ones(1, dtype=np.float32))
    np.testing.assert_allclose(obs, [0.1, 0.2], atol=1e-6)
    assert reward == pytest.approx(-0.1, abs=1e-6)
    vector = gymnasium.make_vec("acme/Point-v0", num_envs=3)
    assert vector.reset(seed=1)[0].shape == (3, 2)
    env.close()
    vector.close()


def test_the_trainer_trains_on_a_provided_env_named_java_id(java_envs_classpath, tmp_path):
    run = tmp_path / "run"
    done = subprocess.run([str(HOME / "ppo4j"), "train", "--env", "java:acme/Point-v0", "--steps", "256",
                           "--set", "num_envs=1", "--set", "pipeline_groups=1",
                           "--set", "rollout_steps=128", "--set", "minibatch_size=64", "--set", "epochs=1",
                           "--out", str(run)],
                          env={**os.environ, "PPO4J_ENV_CLASSPATH": str(java_envs_classpath)},
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    with open(run / "metrics.csv") as f:
        assert len(list(csv.DictReader(f))) == 2, "two updates of 128 steps"
    assert (run / "policy.onnx").is_file()
