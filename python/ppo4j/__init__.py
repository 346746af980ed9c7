"""Python side of ppo4j: Java environments as Gymnasium environments, the Gymnasium worker the Java
bridge starts, and checks of exported policies.

``import ppo4j`` registers ppo4j's Java ports as ``ppo4j/CartPole-v1`` and ``ppo4j/Pendulum-v1``
(for ``gymnasium.make`` and ``gymnasium.make_vec``); :func:`register_java_env` and
:func:`register_java_envs` register your own Java envs. No JVM starts until an env is made.
"""

from ppo4j.errors import (ClasspathError, EnvClosedError, EpisodeEndedError, InvalidActionError, InvalidArgumentError,
                          JavaEnvError, JavaEnvNotFoundError, JavaProcessError, UnsupportedSpaceError)
from ppo4j.java_env import JavaEnv, JavaVectorEnv, register_builtin_envs, register_java_env, register_java_envs

__all__ = ["ClasspathError", "EnvClosedError", "EpisodeEndedError", "InvalidActionError", "InvalidArgumentError",
           "JavaEnv", "JavaEnvError", "JavaEnvNotFoundError", "JavaProcessError", "JavaVectorEnv",
           "UnsupportedSpaceError", "register_java_env", "register_java_envs"]

register_builtin_envs()
