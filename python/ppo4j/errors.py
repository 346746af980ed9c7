"""The exceptions a Java env raises in Python, one per thing that can go wrong, each with a plain message.

The JVM reports every error as ``{"kind": ..., "message": ...}`` (``dev.ppo4j.reverse.ErrorKind``);
:func:`from_java` maps it onto these classes. Only errors that are bugs in the env (kind ``java``)
carry a Java stack trace, appended to the message.
"""

from __future__ import annotations

import gymnasium.error


class JavaEnvError(gymnasium.error.Error):
    """An error reported by a Java env or by the JVM hosting it; the message says what to do."""


class InvalidActionError(JavaEnvError, gymnasium.error.InvalidAction, ValueError):
    """An action of the wrong shape, or outside the action space."""


class EnvClosedError(JavaEnvError, gymnasium.error.ClosedEnvironmentError):
    """The env was used after ``close()``."""


class EpisodeEndedError(JavaEnvError, gymnasium.error.ResetNeeded):
    """A step after the episode ended, without a reset."""


class JavaEnvNotFoundError(JavaEnvError):
    """No Java env has that id, or the class is missing or is not a usable env."""


class ClasspathError(JavaEnvError):
    """A classpath entry does not exist, or a class the env needs is not on the classpath."""


class InvalidArgumentError(JavaEnvError, ValueError):
    """A keyword argument, seed, reset option or render mode the env does not accept."""


class UnsupportedSpaceError(JavaEnvError):
    """A space that cannot be represented on the other side."""


class JavaProcessError(JavaEnvError):
    """The JVM could not be started, or it died; make the env again to start a new one."""


_BY_KIND = {
    "invalid_action": InvalidActionError,
    "closed": EnvClosedError,
    "episode_ended": EpisodeEndedError,
    "unknown_env": JavaEnvNotFoundError,
    "classpath": ClasspathError,
    "unsupported_space": UnsupportedSpaceError,
    "invalid_argument": InvalidArgumentError,
}


def from_java(error: dict, doing: str) -> JavaEnvError:
    """The exception for an error the JVM reported while ``doing`` (e.g. "stepping CartPole-v1")."""
    kind = _BY_KIND.get(error["kind"], JavaEnvError)
    if "java_stack_trace" in error:
        return kind(f"{doing} raised {error['message']}\nJava stack trace:\n{error['java_stack_trace']}")
    return kind(error["message"])
