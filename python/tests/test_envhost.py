"""The worker's pure-Python core: space descriptions, block layout, SAME_STEP stepping, errors."""

import json

import gymnasium
import numpy as np
import pytest
from gymnasium import spaces

from ppo4j import direct_bench
from ppo4j.envhost import (EnvHost, UnknownEnvError, UnsupportedSpaceError, action_space_json, block_layout,
                           check_env_id, observation_space_json)
from ppo4j_testing import envs  # noqa: F401  (registers the test-only envs)


def test_unknown_env_id_suggests_close_matches():
    with pytest.raises(UnknownEnvError, match=r"Unknown environment id 'Hoper-v5'\. Did you mean: .*Hopper-v5"):
        check_env_id("Hoper-v5")
    with pytest.raises(UnknownEnvError, match="No registered id is close"):
        check_env_id("Zzzzzzzzzzzz-v9")
    check_env_id("ppo4j_testing.envs:ppo4j_testing/Faulty-v0")


def test_box_bounds_keep_infinities_and_dtype():
    described = observation_space_json(gymnasium.make("CartPole-v1").observation_space)
    assert described["type"] == "Box" and described["dtype"] == "float32" and described["shape"] == [4]
    assert described["high"][1] == "inf" and described["low"][3] == "-inf"
    assert described["high"][0] == pytest.approx(4.8)


def test_dict_observation_is_flattened_with_layout():
    space = spaces.Dict({"b": spaces.Box(0, 1, (2,)), "a": spaces.Discrete(3)})
    described = observation_space_json(space)
    assert described["shape"] == [5]
    assert described["layout"] == ("Dict observation flattened by gymnasium.spaces.flatten: "
                                   "a[0:3] Discrete one-hot, b[3:5] Box")


def test_unrepresentable_spaces_are_rejected_by_name():
    with pytest.raises(UnsupportedSpaceError, match=r"The action space Tuple\(Discrete\(2\)"):
        action_space_json(spaces.Tuple((spaces.Discrete(2), spaces.Discrete(3))))
    with pytest.raises(UnsupportedSpaceError, match=r"The observation space Text\("):
        observation_space_json(spaces.Text(4))
    assert action_space_json(spaces.MultiDiscrete([2, 3], start=[1, 0])) == {
        "type": "MultiDiscrete", "nvec": [2, 3], "start": [1, 0]}


def test_block_sections_are_aligned_and_disjoint():
    total, sections = block_layout([3, 0, 2], obs_dim=5, action_dim=2)
    end = 0
    for offset, size, fields in sections:
        assert offset == end and offset % 8 == 0 and size % 8 == 0
        assert fields["rewards"] % 8 == 0
        end = offset + size
    assert total == end


def test_same_step_autoreset_matches_gymnasium():
    host = EnvHost("CartPole-v1", {"max_episode_steps": 2}, [1], autoreset=True)
    host.bind(bytearray(host.block_size))
    host.reset([5], None)
    reference = gymnasium.make("CartPole-v1", max_episode_steps=2)
    first, _ = reference.reset(seed=5)
    section = host.sections[0]
    np.testing.assert_array_equal(section.obs[0], first)
    for t in (1, 2):
        section.actions[0, 0] = 1
        host.step_group(0)
        obs, reward, terminated, truncated, _ = reference.step(1)
        assert section.status[0] == 0 and section.rewards[0] == reward
        assert (bool(section.terminated[0]), bool(section.truncated[0])) == (terminated, truncated) == (False, t == 2)
    np.testing.assert_array_equal(section.final_obs[0], obs)
    next_first, _ = reference.reset()
    np.testing.assert_array_equal(section.obs[0], next_first)


@pytest.mark.parametrize("static_seeding", [True, False])
def test_static_seeding_restarts_every_episode_from_the_last_reset_seed(static_seeding):
    host = EnvHost("CartPole-v1", {"max_episode_steps": 3}, [1, 1], autoreset=True, static_seeding=static_seeding)
    host.bind(bytearray(host.block_size))
    host.reset([5, 6], None)
    host.reset([7, 8], None)
    first = [host.sections[g].obs[0].copy() for g in (0, 1)]
    for episode in range(3):
        for _ in range(3):
            for g in (0, 1):
                host.sections[g].actions[0, 0] = 1
                host.step_group(g)
        for g in (0, 1):
            section = host.sections[g]
            assert section.truncated[0] and not section.terminated[0]
            replayed = np.array_equal(section.obs[0], first[g])
            assert replayed == static_seeding, f"episode {episode + 2} of env {g} replays seed {7 + g}: {replayed}"


def test_without_autoreset_the_episode_end_is_left_to_the_caller():
    host = EnvHost("CartPole-v1", {"max_episode_steps": 1}, [1], autoreset=False)
    host.bind(bytearray(host.block_size))
    host.reset([0], None)
    host.step_group(0)
    assert host.sections[0].truncated[0] == 1
    assert not host.sections[0].final_obs.any(), "final_obs is only written when autoresetting"


def test_step_exception_sets_status_and_keeps_traceback():
    host = EnvHost("ppo4j_testing.envs:ppo4j_testing/Faulty-v0", {}, [2], autoreset=True)
    host.bind(bytearray(host.block_size))
    host.reset([0, 1], None)
    host.sections[0].actions[:, 0] = [0, 3]
    host.step_group(0)
    assert host.sections[0].status[0] == 1
    assert host.last_error["kind"] == "python" and host.last_error["type"] == "ValueError"
    assert "Traceback (most recent call last)" in host.last_error["traceback"]


def test_direct_bench_counts_env_steps():
    result = direct_bench.run("CartPole-v1", {}, k=2, steps=30, seed=0, wait_for_go=False)
    assert result["env_steps"] == 60 and result["seconds"] > 0 and result["cpu_seconds"] >= 0


def test_single_env_hosts_carry_the_info_dict_as_json():
    host = EnvHost("Hopper-v5", {}, [1], autoreset=False)
    host.bind(bytearray(host.block_size))

    def info():
        row = host.sections[0].info[0]
        length = int.from_bytes(row[:4].tobytes(), "little")
        return json.loads(row[4:4 + length].tobytes())

    host.reset([0], None)
    assert set(info()) == {"x_position", "z_distance_from_origin"}
    host.step_group(0)
    assert isinstance(info()["x_velocity"], float) and info()["reward_survive"] == 1.0
    assert EnvHost("Hopper-v5", {}, [1], autoreset=True).info_bytes == 0, "vector hosts skip info"
