"""K Gymnasium environments stepped as groups over one packed little-endian data block.

This module is the pure-Python core of the worker: it knows nothing about Java or Py4J, so it is
tested on its own. The block layout defined here is the single source of truth; the worker reports
the offsets to Java, which reads and writes the same bytes (in shared memory or over Py4J).

One group's section of the block, all little-endian, offsets relative to the section start:

    status      int32 (0 = ok, 1 = the step raised; the error is kept in ``EnvHost.last_error``)
    padding     4 bytes
    rewards     k float64
    actions     k * action_dim float32
    obs         k * obs_dim float32   (after the step; the next episode's first obs if one ended)
    final_obs   k * obs_dim float32   (last obs of an episode that ended in this step)
    terminated  k uint8
    truncated   k uint8
    info        k * INFO_BYTES (single-env hosts only): int32 length, then the info dict as UTF-8 JSON
    padding     to a multiple of 8 bytes
"""

from __future__ import annotations

import difflib
import importlib
import json
import math
import traceback
from dataclasses import dataclass

import gymnasium
import numpy as np
from gymnasium import spaces

HEADER_BYTES = 8
INFO_BYTES = 16384


class UnknownEnvError(ValueError):
    """The env id is not in Gymnasium's registry."""


class UnsupportedSpaceError(ValueError):
    """A space the bridge cannot represent."""


def _import_env_module(env_id: str) -> str:
    """Imports the module of a ``module:EnvId`` id (as gymnasium.make does) and returns the bare id."""
    if ":" not in env_id:
        return env_id
    module, bare_id = env_id.split(":", 1)
    importlib.import_module(module)
    return bare_id


def check_env_id(env_id: str) -> None:
    """Raises UnknownEnvError with close matches from the registry if ``env_id`` is not registered."""
    bare_id = _import_env_module(env_id)
    registry = gymnasium.envs.registration.registry
    if bare_id in registry:
        return
    matches = difflib.get_close_matches(bare_id, list(registry.keys()), n=5, cutoff=0.6)
    hint = (f" Did you mean: {', '.join(matches)}?" if matches
            else " No registered id is close to it.")
    raise UnknownEnvError(
        f"Unknown environment id '{bare_id}'.{hint} Check the spelling and version suffix, or "
        f"register the environment with gymnasium.register in a module and pass 'module:EnvId'.")


def _numbers(values: np.ndarray) -> list:
    """Bounds as JSON-ready numbers, infinities spelled "inf"/"-inf" (the Java side reads both)."""
    out = []
    for v in np.asarray(values, dtype=np.float64).reshape(-1):
        if math.isinf(v):
            out.append("inf" if v > 0 else "-inf")
        elif float(v).is_integer():
            out.append(int(v))
        else:
            out.append(float(v))
    return out


def _dtype_name(dtype: np.dtype) -> str:
    """Maps a numpy dtype onto the five the Java side knows (float32/64, int32/64, uint8)."""
    dtype = np.dtype(dtype)
    if dtype.kind == "f":
        return "float64" if dtype.itemsize == 8 else "float32"
    if dtype.kind == "b" or (dtype.kind == "u" and dtype.itemsize == 1):
        return "uint8"
    if dtype.kind == "i" and dtype.itemsize <= 4:
        return "int32"
    if dtype.kind in "iu":
        return "int64"
    raise UnsupportedSpaceError(f"A Box with dtype {dtype} cannot be represented; use a numeric dtype.")


def _box_json(box: spaces.Box, layout: str = "") -> dict:
    out = {"type": "Box", "shape": [int(d) for d in box.shape], "dtype": _dtype_name(box.dtype),
           "low": _numbers(box.low), "high": _numbers(box.high)}
    if layout:
        out["layout"] = layout
    return out


def _fundamental_json(space: spaces.Space):
    """JSON of a Box/Discrete/MultiDiscrete/MultiBinary, or None for any other space."""
    if isinstance(space, spaces.Box):
        return _box_json(space)
    if isinstance(space, spaces.Discrete):
        return {"type": "Discrete", "n": int(space.n), "start": int(space.start)}
    if isinstance(space, spaces.MultiDiscrete):
        return {"type": "MultiDiscrete", "nvec": [int(n) for n in np.ravel(space.nvec)],
                "start": [int(s) for s in np.ravel(space.start)]}
    if isinstance(space, spaces.MultiBinary):
        return {"type": "MultiBinary", "n": int(np.prod(space.n))}
    return None


def flatten_layout(space: spaces.Space, prefix: str = "") -> list[str]:
    """Where each leaf of a Dict/Tuple lands in gymnasium.spaces.flatten's vector, e.g. ``pos[0:3]``."""
    entries: list[str] = []
    offset = 0

    def walk(sub: spaces.Space, name: str) -> None:
        nonlocal offset
        if isinstance(sub, spaces.Dict):
            for key, child in sub.spaces.items():
                walk(child, f"{name}.{key}" if name else str(key))
        elif isinstance(sub, spaces.Tuple):
            for i, child in enumerate(sub.spaces):
                walk(child, f"{name}[{i}]" if name else f"[{i}]")
        else:
            width = spaces.flatdim(sub)
            kind = type(sub).__name__ + (" one-hot" if isinstance(sub, (spaces.Discrete, spaces.MultiDiscrete)) else "")
            entries.append(f"{name}[{offset}:{offset + width}] {kind}")
            offset += width

    walk(space, prefix)
    return entries


def observation_space_json(space: spaces.Space) -> dict:
    """The observation space as the Java side reads it; Dict/Tuple become one Box with a layout note."""
    fundamental = _fundamental_json(space)
    if fundamental is not None:
        return fundamental
    if isinstance(space, (spaces.Dict, spaces.Tuple)):
        flat = spaces.flatten_space(space)
        layout = (f"{type(space).__name__} observation flattened by gymnasium.spaces.flatten: "
                  + ", ".join(flatten_layout(space)))
        return _box_json(flat, layout)
    raise UnsupportedSpaceError(
        f"The observation space {space} cannot be represented: ppo4j supports Box, Discrete, "
        f"MultiDiscrete, MultiBinary and Dict/Tuple of those. Wrap the env with a gymnasium "
        f"ObservationWrapper that maps it to a Box.")


def action_space_json(space: spaces.Space) -> dict:
    """The action space as the Java side reads it; anything but the four fundamental spaces is rejected."""
    fundamental = _fundamental_json(space)
    if fundamental is None:
        raise UnsupportedSpaceError(
            f"The action space {space} cannot be represented: ppo4j supports Box, Discrete, "
            f"MultiDiscrete and MultiBinary actions. Wrap the env with a gymnasium ActionWrapper "
            f"that maps one of those onto it.")
    return fundamental


def flat_length(space_json: dict) -> int:
    """Length of the flat float encoding of one element of a space described by ``space_json``."""
    kind = space_json["type"]
    if kind == "Box":
        return int(np.prod(space_json["shape"], dtype=np.int64))
    if kind == "Discrete":
        return 1
    if kind == "MultiDiscrete":
        return len(space_json["nvec"])
    return int(space_json["n"])


@dataclass
class Section:
    """Numpy views of one group's section of the data block."""
    env_indices: list[int]
    offset: int
    size: int
    status: np.ndarray
    rewards: np.ndarray
    actions: np.ndarray
    obs: np.ndarray
    final_obs: np.ndarray
    terminated: np.ndarray
    truncated: np.ndarray
    info: np.ndarray | None
    offsets: dict


def section_size(k: int, obs_dim: int, action_dim: int, info_bytes: int = 0) -> tuple[int, dict]:
    """Size in bytes of a section for k envs and its field offsets (relative to the section)."""
    offsets = {}
    pos = HEADER_BYTES
    fields = [("rewards", 8 * k), ("actions", 4 * k * action_dim), ("obs", 4 * k * obs_dim),
              ("final_obs", 4 * k * obs_dim), ("terminated", k), ("truncated", k)]
    if info_bytes:
        fields.append(("info", (k * info_bytes + 3) // 4 * 4))
    for name, nbytes in fields:
        offsets[name] = pos
        pos += nbytes
    return (pos + 7) // 8 * 8, offsets


def block_layout(group_sizes: list[int], obs_dim: int, action_dim: int,
                 info_bytes: int = 0) -> tuple[int, list[tuple[int, int, dict]]]:
    """Total block size and (offset, size, field offsets) of each group's section."""
    sections = []
    pos = 0
    for k in group_sizes:
        size, offsets = section_size(k, obs_dim, action_dim, info_bytes)
        sections.append((pos, size, offsets))
        pos += size
    return pos, sections


class EnvHost:
    """K envs made from one id and kwargs, split into groups that are stepped one group at a time.

    With ``autoreset`` (vector use) the step that ends an episode writes the ended episode's last
    obs to ``final_obs`` and the next episode's first obs to ``obs`` (Gymnasium's SAME_STEP
    contract). Without it (single-env use) the env is left at the end of its episode, and each
    reset and step also writes its info dict as JSON.

    The autoreset continues the env's random stream, so each episode starts somewhere new. With
    ``static_seeding`` it re-seeds env i with the seed of its last ``reset`` call instead, so every
    episode of env i starts from the same state (the ablation of that "dynamic seed" technique).
    """

    def __init__(self, env_id: str, kwargs: dict, group_sizes: list[int], autoreset: bool,
                 static_seeding: bool = False):
        check_env_id(env_id)
        self.envs = [gymnasium.make(env_id, **kwargs) for _ in range(sum(group_sizes))]
        first = self.envs[0]
        self.observation_space = first.observation_space
        self.action_space = first.action_space
        self.observation_json = observation_space_json(self.observation_space)
        self.action_json = action_space_json(self.action_space)
        self.obs_dim = flat_length(self.observation_json)
        self.action_dim = flat_length(self.action_json)
        self.autoreset = autoreset
        self.static_seeding = static_seeding
        self._reset_seeds: list = [None] * len(self.envs)
        self.group_sizes = list(group_sizes)
        self.info_bytes = 0 if autoreset else INFO_BYTES
        self.block_size, self._layout = block_layout(self.group_sizes, self.obs_dim, self.action_dim, self.info_bytes)
        self.last_error: dict | None = None
        self._flatten_obs = isinstance(self.observation_space, (spaces.Dict, spaces.Tuple))
        self.sections: list[Section] = []

    def bind(self, buffer) -> None:
        """Creates the numpy views of every section over ``buffer`` (an mmap or bytearray of block_size)."""
        self.sections = []
        start = 0
        for g, (offset, size, fields) in enumerate(self._layout):
            k = self.group_sizes[g]

            def view(field_offset, dtype, count):
                return np.frombuffer(buffer, dtype=dtype, count=count, offset=offset + field_offset)

            self.sections.append(Section(
                env_indices=list(range(start, start + k)), offset=offset, size=size,
                status=view(0, "<i4", 1),
                rewards=view(fields["rewards"], "<f8", k),
                actions=view(fields["actions"], "<f4", k * self.action_dim).reshape(k, self.action_dim),
                obs=view(fields["obs"], "<f4", k * self.obs_dim).reshape(k, self.obs_dim),
                final_obs=view(fields["final_obs"], "<f4", k * self.obs_dim).reshape(k, self.obs_dim),
                terminated=view(fields["terminated"], "u1", k),
                truncated=view(fields["truncated"], "u1", k),
                info=view(fields["info"], "u1", k * self.info_bytes).reshape(k, self.info_bytes) if self.info_bytes else None,
                offsets=fields))
            start += k

    def layout_json(self) -> list[dict]:
        """Each section's offset, size and field offsets, for the Java side."""
        return [{"offset": off, "size": size, "envs": self.group_sizes[g], "fields": fields, "info_bytes": self.info_bytes}
                for g, (off, size, fields) in enumerate(self._layout)]

    def _write_obs(self, obs, row: np.ndarray) -> None:
        if self._flatten_obs:
            row[:] = spaces.flatten(self.observation_space, obs)
        else:
            row[:] = np.ravel(obs)

    @staticmethod
    def _write_info(info: dict, row: np.ndarray) -> None:
        data = json.dumps(info, default=_json_value).encode()
        if len(data) > len(row) - 4:
            data = json.dumps({"ppo4j.info_omitted": f"the info dict takes {len(data)} bytes of JSON, "
                               f"more than the {len(row) - 4} the bridge carries"}).encode()
        row[:4] = np.frombuffer(len(data).to_bytes(4, "little"), "u1")
        row[4:4 + len(data)] = np.frombuffer(data, "u1")

    def _action(self, row: np.ndarray):
        space = self.action_space
        if isinstance(space, spaces.Discrete):
            return int(row[0])
        # A copy in the space's dtype and shape: envs may keep the action, and the row is overwritten next step.
        return row.astype(space.dtype).reshape(space.shape)

    def reset(self, seeds: list, options: dict | None) -> None:
        """Resets every env (seed ``seeds[i]`` for env i, None continues its stream) into the obs views."""
        for section in self.sections:
            for j, i in enumerate(section.env_indices):
                obs, info = self.envs[i].reset(seed=seeds[i], options=options or None)
                self._reset_seeds[i] = seeds[i]
                self._write_obs(obs, section.obs[j])
                if section.info is not None:
                    self._write_info(info, section.info[j])
            section.terminated[:] = 0
            section.truncated[:] = 0
            section.rewards[:] = 0.0

    def step_group(self, group: int) -> None:
        """Steps the envs of one group with the actions in its section; never raises.

        An exception is recorded in ``last_error`` (with its traceback) and flagged by status 1.
        """
        section = self.sections[group]
        try:
            for j, i in enumerate(section.env_indices):
                env = self.envs[i]
                obs, reward, terminated, truncated, info = env.step(self._action(section.actions[j]))
                section.rewards[j] = reward
                section.terminated[j] = terminated
                section.truncated[j] = truncated
                if self.autoreset and (terminated or truncated):
                    self._write_obs(obs, section.final_obs[j])
                    obs, _ = env.reset(seed=self._reset_seeds[i] if self.static_seeding else None)
                self._write_obs(obs, section.obs[j])
                if section.info is not None:
                    self._write_info(info, section.info[j])
            section.status[0] = 0
        except Exception as e:  # reported to Java, which raises it there with this traceback
            self.last_error = error_json(e)
            section.status[0] = 1

    def close(self) -> None:
        for env in self.envs:
            env.close()


def _json_value(value):
    """numpy scalars and arrays as plain JSON values; anything else by its str()."""
    if isinstance(value, (np.generic, np.ndarray)):
        return value.tolist()
    return str(value)


def error_json(e: BaseException) -> dict:
    """An exception as the Java side maps it onto a typed exception."""
    kind = ("unknown_env" if isinstance(e, UnknownEnvError)
            else "unsupported_space" if isinstance(e, UnsupportedSpaceError)
            else "python")
    return {"kind": kind, "type": type(e).__name__, "message": str(e),
            "traceback": "".join(traceback.format_exception(e))}
