"""Java envs behave as Gymnasium envs: check_env, spaces, infos, render modes, and errors that reach
Python as clear exceptions of ppo4j's own, never as Py4J traces."""

import gc
import warnings

import gymnasium
import numpy as np
import pytest
from gymnasium.utils.env_checker import check_env

import ppo4j
from ppo4j import jvm
from ppo4j.errors import (ClasspathError, EnvClosedError, EpisodeEndedError, InvalidActionError, InvalidArgumentError,
                          JavaEnvError, JavaEnvNotFoundError)


def _checker_warnings(env, skip_render_check: bool = False) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        check_env(env.unwrapped, skip_render_check=skip_render_check)
    return sorted(str(w.message) for w in caught)


@pytest.mark.parametrize("env_id", ["CartPole-v1", "Pendulum-v1"])
def test_check_env_warns_only_what_it_warns_for_gymnasiums_own_env(env_id):
    # Gymnasium's checker advises against CartPole's infinite observation bounds and Pendulum's
    # unnormalised torque: advice on the env's design, which the port shares. Nothing else may come up.
    # (Gymnasium's own render check needs pygame, which is not installed; the port offers no render mode.)
    java = gymnasium.make(f"ppo4j/{env_id}")
    assert _checker_warnings(java) == _checker_warnings(gymnasium.make(env_id), skip_render_check=True) != []


@pytest.fixture(scope="module")
def point_id(java_envs_classpath) -> str:
    """The fixture's PointEnv registered with Gymnasium by class name and classpath."""
    ppo4j.register_java_env("test/Point-v0", java_class="acme.PointEnv", classpath=[java_envs_classpath])
    return "test/Point-v0"


def test_check_env_passes_without_warnings_on_a_users_env_with_its_render_modes(point_id):
    env = gymnasium.make(point_id)
    assert env.metadata == {"render_modes": ["ansi", "rgb_array"], "render_fps": 10}
    assert _checker_warnings(env) == []


@pytest.mark.parametrize(("name", "expected"), [
    ("box_float64", gymnasium.spaces.Box(np.array([[-1, -2, -3], [0, 0, 0]]), np.array([[1, 2, 3], [0.5, 0.5, 0.5]]),
                                         dtype=np.float64)),
    ("box_int64", gymnasium.spaces.Box(np.array([-3, 0]), np.array([5, 7]), dtype=np.int64)),
    ("box_int32_half_bounded", gymnasium.spaces.Box(np.array([0, np.iinfo(np.int32).min]),
                                                    np.array([np.iinfo(np.int32).max, 9]), dtype=np.int32)),
    ("box_uint8", gymnasium.spaces.Box(0, 255, shape=(2, 2), dtype=np.uint8)),
    ("box_float32_unbounded", gymnasium.spaces.Box(-np.inf, np.inf, shape=(3,), dtype=np.float32)),
    ("discrete", gymnasium.spaces.Discrete(5, start=-2)),
    ("multi_discrete", gymnasium.spaces.MultiDiscrete([3, 4], start=[1, -1])),
    ("multi_binary", gymnasium.spaces.MultiBinary(5)),
])
def test_spaces_round_trip_with_their_dtypes_bounds_and_starts(java_envs_classpath, name, expected):
    env = ppo4j.JavaEnv(java_class="acme.SpacesEnv", classpath=[java_envs_classpath], space=name)
    assert env.observation_space == expected and env.action_space == expected
    assert env.observation_space.dtype == expected.dtype
    obs, _ = env.reset(seed=4)
    assert obs in expected
    expected.seed(9)
    for _ in range(5):
        action = expected.sample()
        echoed = env.step(action)[0]
        # Values travel as float32 (the Java API's flat encoding): float64 and integers beyond 2**24 round.
        assert echoed in expected and np.array_equal(echoed, np.asarray(action).astype(np.float32).astype(expected.dtype))
        assert np.asarray(echoed).dtype == np.asarray(action).dtype
    vector = ppo4j.JavaVectorEnv(3, java_class="acme.SpacesEnv", classpath=[java_envs_classpath], space=name)
    assert vector.single_observation_space == expected
    actions = vector.action_space.sample()
    obs = vector.step(actions)[0] if vector.reset(seed=1) else None
    assert obs in vector.observation_space
    assert np.array_equal(obs, actions.astype(np.float32).astype(vector.observation_space.dtype))
    env.close()
    vector.close()


def test_a_users_env_steps_with_kwargs_infos_options_and_renders(point_id):
    env = gymnasium.make(point_id, goal=-0.27, max_steps=9, render_mode="ansi")
    obs, info = env.reset(seed=1, options={"start": 0.5})
    np.testing.assert_allclose(obs, [0.5, -0.27])
    assert info == {"start": 0.5}
    obs, reward, terminated, truncated, info = env.step(np.array([-1.0], dtype=np.float32))
    np.testing.assert_allclose(obs, [0.4, -0.27], atol=1e-6)
    assert reward == pytest.approx(-0.67) and info == {"distance": pytest.approx(0.67), "steps": 1}
    assert (terminated, truncated) == (False, False)
    assert env.render() == "point at 0.400, goal at -0.270"
    for _ in range(7):
        *_, terminated, truncated, _ = env.step(np.array([-1.0], dtype=np.float32))
    assert (terminated, truncated) == (True, False), "within 0.05 of -0.27 after 8 steps of -0.1 from 0.5"
    frame = gymnasium.make(point_id, render_mode="rgb_array")
    frame.reset(seed=0, options={"start": -1.0})
    image = frame.render()
    assert image.shape == (2, 21, 3) and image.dtype == np.uint8 and image[0, 0, 0] == 255
    env.close()
    frame.close()


def test_vector_infos_are_batched_as_gymnasium_batches_them(java_envs_classpath):
    envs = ppo4j.JavaVectorEnv(2, java_class="acme.PointEnv", classpath=[java_envs_classpath], max_steps=2,
                               autoreset_mode="SameStep")
    _, infos = envs.reset(options={"start": 0.0})
    np.testing.assert_array_equal(infos["start"], [0.0, 0.0])
    np.testing.assert_array_equal(infos["_start"], [True, True])
    envs.step(np.zeros((2, 1)))
    obs, _, _, truncated, infos = envs.step(np.zeros((2, 1)))
    assert truncated.all()
    np.testing.assert_array_equal(infos["final_info"]["steps"], [2, 2])
    assert set(infos) == {"final_obs", "_final_obs", "final_info", "_final_info", "start", "_start"}
    np.testing.assert_allclose(np.stack(infos["final_obs"]), [[0.0, 0.5], [0.0, 0.5]])
    envs.close()


def _assert_plain(error: Exception) -> str:
    message = str(error)
    assert "py4j" not in message.lower() and "Traceback" not in message and "\tat " not in message, message
    return message


def test_bad_actions_raise_invalid_action_errors():
    env = gymnasium.make("ppo4j/CartPole-v1")
    env.reset(seed=0)
    with pytest.raises(InvalidActionError) as out_of_space:
        env.step(2)
    assert "Discrete" in _assert_plain(out_of_space.value) and "[2.0]" in str(out_of_space.value)
    with pytest.raises(InvalidActionError, match=r"shape \(\); got one of shape \(3,\)"):
        env.step([0, 1, 0])
    with pytest.raises(InvalidActionError, match="is not one"):
        env.step("left")
    vector = gymnasium.make_vec("ppo4j/Pendulum-v1", num_envs=2)
    vector.reset(seed=0)
    with pytest.raises(InvalidActionError, match="env 1 .*nothing was stepped"):
        vector.step(np.array([[0.5], [3.0]], dtype=np.float32))
    env.close()
    vector.close()


def test_stepping_after_close_or_after_the_episode_ended_raises():
    env = ppo4j.JavaEnv(java_id="CartPole-v1")
    env.reset(seed=0)
    while not any(env.step(1)[2:4]):
        pass
    with pytest.raises(EpisodeEndedError, match="call reset"):
        env.step(1)
    env.close()
    env.close()
    with pytest.raises(EnvClosedError, match="closed"):
        env.step(0)
    with pytest.raises(EnvClosedError):
        env.reset()
    vector = gymnasium.make_vec("ppo4j/CartPole-v1", num_envs=2)
    vector.close()
    with pytest.raises(EnvClosedError):
        vector.step(np.array([0, 1]))


def test_unknown_java_envs_and_classes_are_named_with_a_fix(java_envs_classpath):
    with pytest.raises(JavaEnvNotFoundError) as unknown_id:
        ppo4j.JavaEnv(java_id="CartPole-v0")
    assert "Did you mean CartPole-v1?" in _assert_plain(unknown_id.value)
    with pytest.raises(JavaEnvNotFoundError) as unknown_class:
        ppo4j.JavaEnv(java_class="acme.NoSuchEnv", classpath=[java_envs_classpath])
    assert "There is no class acme.NoSuchEnv on the classpath" in _assert_plain(unknown_class.value)
    with pytest.raises(JavaEnvNotFoundError, match="does not implement dev.ppo4j.env.Env"):
        ppo4j.JavaEnv(java_class="acme.Provider", classpath=[java_envs_classpath])
    with pytest.raises(InvalidArgumentError, match="exactly one of java_id .* and java_class"):
        ppo4j.JavaEnv()


def test_a_missing_classpath_entry_is_named(tmp_path):
    missing = tmp_path / "sim.jar"
    with pytest.raises(ClasspathError) as error:
        ppo4j.JavaEnv(java_class="acme.PointEnv", classpath=[missing])
    assert f"The classpath entry {missing} does not exist" in _assert_plain(error.value)


def test_bad_kwargs_seeds_options_and_render_modes_are_invalid_arguments(java_envs_classpath):
    with pytest.raises(InvalidArgumentError, match=r"CartPole-v1 takes no keyword arguments, got \[gravity\]"):
        gymnasium.make("ppo4j/CartPole-v1", gravity=3)
    with pytest.raises(InvalidArgumentError, match="no keyword argument 'speed'"):
        ppo4j.JavaEnv(java_class="acme.PointEnv", classpath=[java_envs_classpath], speed=2)
    with pytest.raises(InvalidArgumentError, match="does not offer render_mode='rgb_array'; it offers \\[\\]"):
        ppo4j.JavaEnv(java_id="CartPole-v1", render_mode="rgb_array")
    env = ppo4j.JavaEnv(java_id="CartPole-v1")
    with pytest.raises(InvalidArgumentError, match="must not exceed high"):
        env.reset(options={"low": 1, "high": 0})
    with pytest.raises(InvalidArgumentError, match="must be JSON values"):
        env.reset(options={"low": object()})
    vector = ppo4j.JavaVectorEnv(2, java_id="CartPole-v1")
    with pytest.raises(InvalidArgumentError, match="integers from 0 to 2\\*\\*63 - 1"):
        vector.reset(seed=[1, -1])
    with pytest.raises(InvalidArgumentError, match="support autoreset_mode"):
        ppo4j.JavaVectorEnv(2, java_id="CartPole-v1", autoreset_mode="Disabled")
    env.close()
    vector.close()


def test_a_bug_in_the_env_arrives_with_its_java_stack_trace(java_envs_classpath):
    env = ppo4j.JavaEnv(java_class="acme.PointEnv", classpath=[java_envs_classpath], fail_on_step=True)
    env.reset(seed=0)
    with pytest.raises(JavaEnvError) as error:
        env.step(np.zeros(1, dtype=np.float32))
    message = str(error.value)
    assert message.startswith("Stepping acme.PointEnv raised java.lang.NullPointerException")
    assert "Java stack trace:" in message and "at acme.PointEnv.step(PointEnv.java" in message
    env.close()


def test_an_env_dropped_without_close_frees_its_java_envs():
    env = ppo4j.JavaVectorEnv(2, java_id="CartPole-v1")
    host, request = env._block.jvm, env._block._reset_request
    assert host.ring(request, "resetting") == jvm.OK
    del env
    gc.collect()
    assert host.ring(request, "resetting") == jvm.NO_SUCH_ENV


def test_envs_share_one_jvm_reached_with_a_token_that_is_not_on_its_command_line():
    first, second = ppo4j.JavaEnv(java_id="CartPole-v1"), ppo4j.JavaVectorEnv(3, java_id="Pendulum-v1")
    assert first._block.jvm is second._block.jvm
    shared = jvm.shared()
    with open(f"/proc/{shared.pid}/cmdline", "rb") as f:
        command_line = f.read().decode()
    with open(f"/proc/{shared.pid}/environ", "rb") as f:
        token = dict(v.split("=", 1) for v in f.read().decode().split("\0") if "=" in v)[jvm.TOKEN_VARIABLE]
    assert len(token) >= 40 and token not in command_line
    assert shared._gateway.gateway_parameters.address == "127.0.0.1"
    first.close()
    second.close()
