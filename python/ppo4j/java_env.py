"""Java environments as Gymnasium environments: :class:`JavaEnv` and :class:`JavaVectorEnv`.

Both open their Java envs in this process's JVM (``ppo4j.jvm``) and talk to them through one data
block in shared memory each (``dev.ppo4j.reverse.BlockLayout``): a reset or a step writes seeds,
options or actions into the block, rings the JVM's doorbell once and reads observations, rewards,
``terminated``/``truncated`` and infos back. A vector env of N envs costs one doorbell per step,
not N Py4J calls.

A Java env is named by ``java_id`` (an id of ``dev.ppo4j.env.local.JavaEnvs``: ppo4j's own
``CartPole-v1`` and ``Pendulum-v1``, or one an ``EnvProvider`` on the classpath offers) or by
``java_class`` (any class implementing ``dev.ppo4j.env.Env`` with a public constructor taking
nothing or a ``Map<String, Object>`` of keyword arguments), plus an optional ``classpath`` of jars
and class directories. Further keyword arguments go to the Java env as JSON values.
"""

from __future__ import annotations

import base64
import json
import mmap
import os
import struct
import weakref
from typing import Any

import gymnasium
import numpy as np
from gymnasium import spaces
from gymnasium.vector import AutoresetMode, VectorEnv
from gymnasium.vector.utils import batch_space

from ppo4j import jvm
from ppo4j.errors import EnvClosedError, InvalidActionError, InvalidArgumentError, JavaProcessError, from_java

MAX_SEED = 2**63 - 1


def _number(value) -> float:
    """A bound as the JVM writes it: a number, or "inf"/"-inf"."""
    if isinstance(value, str):
        return -np.inf if value.startswith("-") else np.inf
    return float(value)


def _bounds(values: list, shape: tuple, dtype: np.dtype) -> np.ndarray:
    bounds = np.array([_number(v) for v in values], dtype=np.float64).reshape(shape)
    if np.issubdtype(dtype, np.integer):
        # Gymnasium's Box cannot cast infinite bounds to integers; the type's own limits mean the same.
        info = np.iinfo(dtype)
        bounds = np.clip(bounds, info.min, info.max)
    return bounds.astype(dtype)


def gymnasium_space(description: dict) -> spaces.Space:
    """The Gymnasium space of a Java space's JSON (``dev.ppo4j.env.spaces.Space.toJson``)."""
    kind = description["type"]
    if kind == "Box":
        shape = tuple(int(d) for d in description["shape"])
        dtype = np.dtype(description["dtype"])
        return spaces.Box(low=_bounds(description["low"], shape, dtype), high=_bounds(description["high"], shape, dtype),
                          shape=shape, dtype=dtype)
    if kind == "Discrete":
        return spaces.Discrete(int(description["n"]), start=int(description["start"]))
    if kind == "MultiDiscrete":
        return spaces.MultiDiscrete(np.array(description["nvec"], dtype=np.int64),
                                    start=np.array(description["start"], dtype=np.int64))
    if kind == "MultiBinary":
        return spaces.MultiBinary(int(description["n"]))
    raise InvalidArgumentError(f"The Java env has a space of type {kind}, which this version of the ppo4j package "
                               f"cannot represent; update the package to match the jars.")


def _json_value(value):
    """numpy values as plain JSON values; anything else is not a JSON value."""
    if isinstance(value, (np.generic, np.ndarray)):
        return value.tolist()
    raise TypeError(f"{type(value).__name__} is not a JSON value")


def _json(value, what: str) -> str:
    try:
        return json.dumps(value, default=_json_value)
    except (TypeError, ValueError) as e:
        raise InvalidArgumentError(f"The {what} of a Java env must be JSON values (numbers, strings, booleans, lists, "
                                   f"dicts, numpy arrays): {e}.") from None


def _absolute(entry) -> str:
    """A classpath entry as an absolute path, keeping a trailing ``/*`` (every jar of a directory)."""
    entry = os.fspath(entry)
    if entry == "*" or entry.endswith(("/*", os.sep + "*")):
        return os.path.join(os.path.abspath(entry[:-1]), "*")
    return os.path.abspath(entry)


class _Block:
    """The Python side of one ``HostedEnvs``: N Java envs and the numpy views of their data block."""

    def __init__(self, *, java_id: str | None, java_class: str | None, classpath, kwargs: dict, num_envs: int,
                 autoreset: str, render_mode: str | None):
        if isinstance(classpath, (str, os.PathLike)):
            classpath = [classpath]
        self.name = java_id or java_class
        self.num_envs = num_envs
        self.closed = False
        self.jvm = jvm.shared()
        config = {"java_id": java_id, "java_class": java_class, "classpath": [_absolute(e) for e in classpath],
                  "kwargs": kwargs, "num_envs": num_envs, "autoreset": autoreset, "render_mode": render_mode}
        described = self.jvm.call("open", _json(config, "keyword arguments"), doing=f"making {self.name}")
        self.id = described["id"]
        # An env dropped without close() still frees its Java envs once garbage-collected.
        self._finalizer = weakref.finalize(self, _close_in_jvm, self.jvm, self.id, self.name)
        self._finalizer.atexit = False
        try:
            self._map(described)
        except BaseException:
            self.close()
            raise
        self.observation_space = gymnasium_space(described["observation_space"])
        self.action_space = gymnasium_space(described["action_space"])
        self.render_modes = described["render_modes"]
        self.render_fps = described.get("render_fps")
        self._reset_request = struct.pack("<ii", self.id, jvm.RESET)
        self._step_request = struct.pack("<ii", self.id, jvm.STEP)

    def _map(self, described: dict) -> None:
        path = described["path"]
        try:
            with open(path, "r+b") as f:
                self._mmap = mmap.mmap(f.fileno(), described["size"])
        finally:
            # Both sides have mapped it (or failed): the mappings outlive the name, so nothing is left behind.
            try:
                os.unlink(path)
            except FileNotFoundError:
                pass
        fields, n = described["fields"], self.num_envs
        info_bytes = described["info_bytes"]

        def view(field: str, dtype: str, count: int) -> np.ndarray:
            return np.frombuffer(self._mmap, dtype=dtype, count=count, offset=fields[field])

        observation_dim, action_dim = described["observation_dim"], described["action_dim"]
        self.rewards = view("rewards", "<f8", n)
        self.seeds = view("seeds", "<i8", n)
        self.actions = view("actions", "<f4", n * action_dim)
        self.observations = view("observations", "<f4", n * observation_dim)
        self.final_observations = view("final_observations", "<f4", n * observation_dim).reshape(n, observation_dim)
        self.info_lengths = view("info_lengths", "<i4", n)
        self.final_info_lengths = view("final_info_lengths", "<i4", n)
        self.message_length = view("message_length", "<i4", 1)
        self.terminated = view("terminated", np.bool_, n)
        self.truncated = view("truncated", np.bool_, n)
        self.has_seed = view("has_seed", np.bool_, n)
        self.message = view("message", "u1", described["message_bytes"])
        self.infos = view("infos", "u1", n * info_bytes).reshape(n, info_bytes)
        # Only SAME_STEP blocks have room for final infos.
        final_room = described["size"] - fields["final_infos"]
        self.final_infos = view("final_infos", "u1", final_room).reshape(n, -1) if final_room else None

    def write_actions(self, actions, space: spaces.Space) -> None:
        """Writes actions (one, or a batch) into the block, flat, as float32."""
        try:
            flat = np.asarray(actions, dtype=np.float32)
        except (TypeError, ValueError) as e:
            raise InvalidActionError(f"{self.name} takes actions from {space}; {actions!r} is not one ({e}).") from None
        if flat.size != self.actions.size:
            raise InvalidActionError(f"{self.name} takes actions from {space}, of shape {space.shape}; got one of shape "
                                     f"{flat.shape}.")
        self.actions[:] = flat.reshape(-1)

    def reset(self, seeds: list, options: dict | None) -> None:
        """Resets env i with ``seeds[i]`` (None continues its random stream) and ``options``."""
        for i, seed in enumerate(seeds):
            if seed is not None and not (isinstance(seed, (int, np.integer)) and 0 <= seed <= MAX_SEED):
                raise InvalidArgumentError(f"Seeds of {self.name} must be integers from 0 to 2**63 - 1 or None; got {seed!r}.")
            self.has_seed[i] = seed is not None
            self.seeds[i] = 0 if seed is None else seed
        data = _json(options, "reset options").encode() if options else b""
        if len(data) > self.message.size:
            raise InvalidArgumentError(f"The reset options of {self.name} take {len(data)} bytes of JSON, more than the "
                                       f"{self.message.size} a Java env accepts.")
        self.message[:len(data)] = np.frombuffer(data, np.uint8)
        self.message_length[0] = len(data)
        self._ring(self._reset_request, f"resetting {self.name}")

    def step(self) -> None:
        """Steps every env with the actions written."""
        self._ring(self._step_request, f"stepping {self.name}")

    def _ring(self, request: bytes, doing: str) -> None:
        if self.closed:
            raise EnvClosedError(f"{self.name} was closed; make a new environment to keep going.")
        status = self.jvm.ring(request, doing)
        if status == jvm.OK:
            return
        if status == jvm.NO_SUCH_ENV:
            raise EnvClosedError(f"{self.name} was closed; make a new environment to keep going.")
        error = json.loads(bytes(self.message[:int(self.message_length[0])]))
        raise from_java(error, doing[0].upper() + doing[1:])

    def info(self, i: int) -> dict:
        """Env i's info from its last reset or step."""
        length = int(self.info_lengths[i])
        return json.loads(self.infos[i, :length].tobytes()) if length else {}

    def final_info(self, i: int) -> dict:
        """The info of the step that ended env i's episode (SAME_STEP)."""
        length = int(self.final_info_lengths[i])
        return json.loads(self.final_infos[i, :length].tobytes()) if length else {}

    def render(self) -> list | None:
        """Each env's frame: an (H, W, 3) uint8 array (rgb_array) or a string (ansi); None without a render mode."""
        frames = self.jvm.call("render", self.id, doing=f"rendering {self.name}")
        if frames is None:
            return None
        return [frame if isinstance(frame, str) else
                np.frombuffer(base64.b64decode(frame["rgb"]), np.uint8).reshape(frame["height"], frame["width"], 3)
                for frame in frames]

    def close(self) -> None:
        """Closes the Java envs; safe to call again, and after the JVM has gone."""
        self.closed = True
        self._finalizer()


def _close_in_jvm(host: jvm.Jvm, env_id: int, name: str) -> None:
    if host.usable:
        try:
            host.call("close", env_id, doing=f"closing {name}")
        except JavaProcessError:
            pass  # the JVM went away, and the envs with it


def _check_render_mode(render_mode: str | None, block: _Block) -> None:
    if render_mode is not None and render_mode not in block.render_modes:
        raise InvalidArgumentError(f"{block.name} does not offer render_mode={render_mode!r}; it offers {block.render_modes}.")


def _metadata(block: _Block, **extra) -> dict:
    metadata = {"render_modes": list(block.render_modes), **extra}
    if block.render_fps is not None:
        metadata["render_fps"] = block.render_fps
    return metadata


class JavaEnv(gymnasium.Env):
    """One Java env as a Gymnasium env; see the module docstring for how it is named.

    The Java env keeps its own time limit and reports ``truncated``; stepping after an episode ended
    raises :class:`~ppo4j.errors.EpisodeEndedError` where the Java env enforces it (ppo4j's own do).
    """

    # Every mode a Java env can offer, for gymnasium.make's check; each instance lists its env's own.
    metadata = {"render_modes": ["rgb_array", "ansi"]}

    def __init__(self, java_id: str | None = None, java_class: str | None = None, classpath=(),
                 render_mode: str | None = None, **kwargs: Any):
        self._block = _Block(java_id=java_id, java_class=java_class, classpath=classpath, kwargs=kwargs, num_envs=1,
                             autoreset="none", render_mode=render_mode)
        self.observation_space = self._block.observation_space
        self.action_space = self._block.action_space
        self.metadata = _metadata(self._block)
        self.render_mode = render_mode
        if isinstance(self.observation_space, spaces.Discrete):
            self._observation = lambda flat: np.int64(flat[0])
        else:
            shape, dtype = self.observation_space.shape, self.observation_space.dtype
            self._observation = lambda flat: flat.reshape(shape).astype(dtype)

    def reset(self, *, seed: int | None = None, options: dict | None = None):
        super().reset(seed=seed)
        self._block.reset([seed], options)
        return self._observation(self._block.observations), self._block.info(0)

    def step(self, action):
        block = self._block
        block.write_actions(action, self.action_space)
        block.step()
        return (self._observation(block.observations), float(block.rewards[0]), bool(block.terminated[0]),
                bool(block.truncated[0]), block.info(0))

    @property
    def jvm_pid(self) -> int:
        """The pid of the JVM hosting this env (shared by every Java env of this process)."""
        return self._block.jvm.pid

    def render(self):
        frames = self._block.render()
        return None if frames is None else frames[0]

    def close(self):
        self._block.close()

    def __repr__(self):
        return f"<JavaEnv {self._block.name}>"


def _autoreset_mode(mode) -> AutoresetMode:
    if isinstance(mode, AutoresetMode):
        chosen = mode
    else:
        chosen = next((m for m in AutoresetMode if str(mode) in (m.value, m.name, m.name.lower())), None)
    if chosen not in (AutoresetMode.NEXT_STEP, AutoresetMode.SAME_STEP):
        raise InvalidArgumentError(f"Java vector envs support autoreset_mode AutoresetMode.NEXT_STEP (the default) and "
                                   f"AutoresetMode.SAME_STEP; got {mode!r}.")
    return chosen


class JavaVectorEnv(VectorEnv):
    """N copies of a Java env as one Gymnasium vector env, all stepped by one doorbell per step.

    Autoreset follows Gymnasium's ``SyncVectorEnv`` in the mode chosen (``metadata["autoreset_mode"]``):
    NEXT_STEP (default) resets an ended env on the following step, ignoring its action; SAME_STEP resets
    it in the step that ended it, with the last observation in ``infos["final_obs"]``.
    """

    metadata = {"autoreset_mode": AutoresetMode.NEXT_STEP, "render_modes": ["rgb_array", "ansi"]}

    def __init__(self, num_envs: int, java_id: str | None = None, java_class: str | None = None, classpath=(),
                 render_mode: str | None = None, autoreset_mode: AutoresetMode | str = AutoresetMode.NEXT_STEP,
                 **kwargs: Any):
        self.autoreset_mode = _autoreset_mode(autoreset_mode)
        self._same_step = self.autoreset_mode == AutoresetMode.SAME_STEP
        self._block = _Block(java_id=java_id, java_class=java_class, classpath=classpath, kwargs=kwargs,
                             num_envs=num_envs, autoreset="same_step" if self._same_step else "next_step",
                             render_mode=render_mode)
        self.num_envs = num_envs
        self.single_observation_space = self._block.observation_space
        self.single_action_space = self._block.action_space
        self.observation_space = batch_space(self.single_observation_space, num_envs)
        self.action_space = batch_space(self.single_action_space, num_envs)
        self.metadata = _metadata(self._block, autoreset_mode=self.autoreset_mode)
        self.render_mode = render_mode
        self._batch_shape, self._batch_dtype = self.observation_space.shape, self.observation_space.dtype
        single = self.single_observation_space
        self._final_observation = ((lambda flat: np.int64(flat[0])) if isinstance(single, spaces.Discrete)
                                   else (lambda flat: flat.reshape(single.shape).astype(single.dtype)))

    def reset(self, *, seed: int | list | None = None, options: dict | None = None):
        if seed is None:
            seeds = [None] * self.num_envs
        elif isinstance(seed, (int, np.integer)):
            super().reset(seed=int(seed))
            seeds = [int(seed) + i for i in range(self.num_envs)]
        else:
            seeds = list(seed)
            if len(seeds) != self.num_envs:
                raise InvalidArgumentError(f"A list of seeds needs one per env, {self.num_envs}; got {len(seeds)}.")
        self._block.reset(seeds, options)
        return self._observations(), self._infos(None)

    def step(self, actions):
        block = self._block
        block.write_actions(actions, self.action_space)
        block.step()
        terminated, truncated = block.terminated.copy(), block.truncated.copy()
        ended = (terminated | truncated) if self._same_step else None
        return self._observations(), block.rewards.copy(), terminated, truncated, self._infos(ended)

    def _observations(self) -> np.ndarray:
        return self._block.observations.reshape(self._batch_shape).astype(self._batch_dtype)

    def _infos(self, ended: np.ndarray | None) -> dict:
        """Gymnasium's vector infos, built as SyncVectorEnv builds them (``_add_info``, env by env)."""
        block = self._block
        with_info = block.info_lengths != 0
        if ended is not None:
            with_info = with_info | ended
        infos: dict = {}
        for i in np.flatnonzero(with_info):
            if ended is not None and ended[i]:
                infos = self._add_info(infos, {"final_obs": self._final_observation(block.final_observations[i]),
                                               "final_info": block.final_info(i)}, i)
            infos = self._add_info(infos, block.info(i), i)
        return infos

    @property
    def jvm_pid(self) -> int:
        """The pid of the JVM hosting these envs (shared by every Java env of this process)."""
        return self._block.jvm.pid

    def render(self):
        frames = self._block.render()
        return None if frames is None else tuple(frames)

    def close_extras(self, **kwargs: Any):
        self._block.close()

    def __repr__(self):
        return f"<JavaVectorEnv {self._block.name} x {self.num_envs}>"


ENTRY_POINT = "ppo4j.java_env:JavaEnv"
VECTOR_ENTRY_POINT = "ppo4j.java_env:JavaVectorEnv"


def register_java_env(env_id: str, *, java_id: str | None = None, java_class: str | None = None, classpath=(),
                      **kwargs: Any) -> None:
    """Registers a Java env with Gymnasium under ``env_id``, for ``gymnasium.make`` and ``gymnasium.make_vec``."""
    gymnasium.register(env_id, entry_point=ENTRY_POINT, vector_entry_point=VECTOR_ENTRY_POINT,
                       kwargs={"java_id": java_id, "java_class": java_class,
                               "classpath": [_absolute(e) for e in classpath], **kwargs})


def register_java_envs(classpath=()) -> list[str]:
    """Registers with Gymnasium, under their own ids, the envs every ``EnvProvider`` on ``classpath`` offers.

    The same providers serve ``./ppo4j train --env java:<id>``. Returns the ids registered.
    """
    classpath = [_absolute(e) for e in ([classpath] if isinstance(classpath, (str, os.PathLike)) else classpath)]
    ids = jvm.shared().call("environments", json.dumps(classpath), doing="listing the envs of the Java env providers")
    for env_id in ids:
        register_java_env(env_id, java_id=env_id, classpath=classpath)
    return ids


def register_builtin_envs() -> None:
    """Registers ppo4j's own Java envs as ``ppo4j/CartPole-v1`` and ``ppo4j/Pendulum-v1`` (done by ``import ppo4j``)."""
    for name in ("CartPole-v1", "Pendulum-v1"):
        if f"ppo4j/{name}" not in gymnasium.registry:
            register_java_env(f"ppo4j/{name}", java_id=name)
