"""ppo4j's Java CartPole-v1 and Pendulum-v1 from Python against Gymnasium's own: same seeds and actions,
same observations, rewards and episode ends (to 1e-6), single and vectorised in both autoreset modes."""

import gymnasium
import numpy as np
import pytest
from gymnasium.vector import AutoresetMode, SyncVectorEnv

import ppo4j  # noqa: F401  (registers ppo4j/CartPole-v1 and ppo4j/Pendulum-v1)
from ppo4j.java_env import JavaVectorEnv

TOLERANCE = 1e-6
IDS = ["CartPole-v1", "Pendulum-v1"]


def _actions(space, rng: np.random.Generator, shape=()):
    if isinstance(space, gymnasium.spaces.Discrete):
        return rng.integers(space.start, space.start + space.n, size=shape)
    return rng.uniform(space.low, space.high, size=shape + space.shape).astype(space.dtype)


@pytest.mark.parametrize("env_id", IDS)
def test_single_env_matches_gymnasium_step_for_step(env_id):
    java, reference = gymnasium.make(f"ppo4j/{env_id}"), gymnasium.make(env_id)
    assert java.observation_space == reference.observation_space
    assert java.action_space == reference.action_space
    rng = np.random.default_rng(7)
    episodes = 0
    for seed in [3, None, 12345, None]:
        obs, _ = java.reset(seed=seed)
        want, _ = reference.reset(seed=seed)
        np.testing.assert_allclose(obs, want, atol=TOLERANCE)
        assert obs.dtype == want.dtype and obs.shape == want.shape
        while True:
            action = _actions(reference.action_space, rng)
            obs, reward, terminated, truncated, info = java.step(action)
            want, want_reward, want_terminated, want_truncated, _ = reference.step(action)
            np.testing.assert_allclose(obs, want, atol=TOLERANCE)
            assert abs(reward - float(want_reward)) <= TOLERANCE
            assert (terminated, truncated) == (want_terminated, want_truncated)
            assert isinstance(reward, float) and isinstance(terminated, bool) and info == {}
            if terminated or truncated:
                episodes += 1
                break
    assert episodes == 4
    java.close()


@pytest.mark.parametrize("env_id", IDS)
@pytest.mark.parametrize("mode", [AutoresetMode.NEXT_STEP, AutoresetMode.SAME_STEP])
def test_vector_env_matches_gymnasiums_sync_vector_env_with_autoresets(env_id, mode):
    n, steps = 4, 450
    java = gymnasium.make_vec(f"ppo4j/{env_id}", num_envs=n, autoreset_mode=mode)
    reference = SyncVectorEnv([lambda: gymnasium.make(env_id) for _ in range(n)], autoreset_mode=mode)
    assert isinstance(java, JavaVectorEnv) and java.metadata["autoreset_mode"] == mode
    assert (java.observation_space, java.action_space) == (reference.observation_space, reference.action_space)
    obs, infos = java.reset(seed=11)
    want, want_infos = reference.reset(seed=11)
    np.testing.assert_allclose(obs, want, atol=TOLERANCE)
    assert infos == want_infos == {}
    rng = np.random.default_rng(5)
    ends = 0
    for _ in range(steps):
        actions = _actions(reference.single_action_space, rng, (n,))
        obs, rewards, terminated, truncated, infos = java.step(actions)
        want, want_rewards, want_terminated, want_truncated, want_infos = reference.step(actions)
        np.testing.assert_allclose(obs, want, atol=TOLERANCE)
        assert obs.dtype == want.dtype
        np.testing.assert_allclose(rewards, want_rewards, atol=TOLERANCE)
        np.testing.assert_array_equal(terminated, want_terminated)
        np.testing.assert_array_equal(truncated, want_truncated)
        assert infos.keys() == want_infos.keys()
        if "final_obs" in want_infos:
            np.testing.assert_array_equal(infos["_final_obs"], want_infos["_final_obs"])
            for got, expected in zip(infos["final_obs"][want_infos["_final_obs"]],
                                     want_infos["final_obs"][want_infos["_final_obs"]]):
                np.testing.assert_allclose(got, expected, atol=TOLERANCE)
        ends += int(np.sum(terminated | truncated))
    assert ends >= n, "the run must cover autoresets"
    java.close()
    reference.close()


def test_vector_reset_takes_seed_lists_and_options_as_sync_vector_env():
    java = gymnasium.make_vec("ppo4j/CartPole-v1", num_envs=3)
    reference = SyncVectorEnv([lambda: gymnasium.make("CartPole-v1") for _ in range(3)])
    options = {"low": -0.2, "high": 0.2}
    obs, _ = java.reset(seed=[5, None, 7], options=options)
    want, _ = reference.reset(seed=[5, None, 7], options=options)
    np.testing.assert_allclose(obs[[0, 2]], want[[0, 2]], atol=TOLERANCE)
    assert np.all(np.abs(obs) <= 0.2) and np.any(np.abs(obs) > 0.05)
    java.close()
