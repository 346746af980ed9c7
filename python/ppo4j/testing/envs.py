"""Test-only envs, registered under the ``ppo4j_testing`` namespace when this module is imported."""

from __future__ import annotations

import os
import time

import gymnasium
import numpy as np
from gymnasium import spaces

NORMAL, NAN_OBSERVATION, INF_REWARD, RAISE, HANG, EXIT = range(6)


class FaultyEnv(gymnasium.Env):
    """Behaves on command: action 0 steps normally, 1 emits a NaN observation, 2 an infinite reward,
    3 raises ValueError, 4 hangs (sleeps an hour), 5 ends the process at once (exit code 17).
    Observations count the steps of the episode."""

    def __init__(self):
        self.observation_space = spaces.Box(-np.inf, np.inf, (4,), np.float32)
        self.action_space = spaces.Discrete(6)
        self._t = 0

    def reset(self, *, seed=None, options=None):
        super().reset(seed=seed)
        self._t = 0
        return self._obs(), {}

    def _obs(self):
        return np.array([self._t, self.np_random.uniform(), 0.0, 1.0], dtype=np.float32)

    def step(self, action):
        self._t += 1
        obs, reward = self._obs(), 1.0
        if action == NAN_OBSERVATION:
            obs[2] = np.nan
        elif action == INF_REWARD:
            reward = np.inf
        elif action == RAISE:
            raise ValueError(f"FaultyEnv was asked to raise at step {self._t}")
        elif action == HANG:
            time.sleep(3600)
        elif action == EXIT:
            os._exit(17)
        return obs, reward, False, False, {}


class SpacesEnv(gymnasium.Env):
    """An env whose spaces are chosen by kwargs, to check how the bridge represents them."""

    def __init__(self, observation: str = "box", action: str = "box"):
        self.observation_space = {
            "box": spaces.Box(np.array([-np.inf, 0.0]), np.array([np.inf, 1.0]), dtype=np.float64),
            "discrete": spaces.Discrete(7, start=-3),
            "dict": spaces.Dict({"position": spaces.Box(-1.0, 1.0, (3,)), "mode": spaces.Discrete(3),
                                 "flags": spaces.MultiBinary(2)}),
            "tuple": spaces.Tuple((spaces.Box(0.0, 1.0, (2,)), spaces.Discrete(2))),
            "text": spaces.Text(5),
        }[observation]
        self.action_space = {
            "box": spaces.Box(-2.0, 2.0, (2, 2), np.float32),
            "discrete": spaces.Discrete(4, start=1),
            "multidiscrete": spaces.MultiDiscrete([3, 5], start=[0, -2]),
            "multibinary": spaces.MultiBinary(3),
            "tuple": spaces.Tuple((spaces.Discrete(2), spaces.Box(0.0, 1.0, (1,)))),
        }[action]
        self.last_action = None

    def reset(self, *, seed=None, options=None):
        super().reset(seed=seed)
        self.observation_space.seed(int(self.np_random.integers(2**31)))
        return self.observation_space.sample(), {}

    def step(self, action):
        if not self.action_space.contains(action):
            raise ValueError(f"SpacesEnv received {action!r}, which is not in {self.action_space}")
        self.last_action = action
        return self.observation_space.sample(), float(np.sum(action)), False, False, {}


gymnasium.register("ppo4j_testing/Faulty-v0", entry_point=FaultyEnv, max_episode_steps=50)
gymnasium.register("ppo4j_testing/Spaces-v0", entry_point=SpacesEnv, max_episode_steps=10)
