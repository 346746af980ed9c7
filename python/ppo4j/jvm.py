"""The JVM that hosts Java envs for this Python process: started on first use, shared by every env.

``java -cp <ppo4j jars> dev.ppo4j.reverse.EnvServer`` runs with a fresh auth token passed in its
environment (never on its command line), listens for Py4J on 127.0.0.1 on a port the OS chooses
and announces that port on its stdout. Py4J then carries the control calls (open, render, close);
resets and steps are 8-byte doorbells on the JVM's stdin, answered on its stdout, while their data
travels in shared memory (see ``ppo4j.java_env``).

The JVM never outlives this process, however it ends: it exits when its stdin reaches end-of-file
(this process closed it at exit, or died and the OS closed it) and when its parent process changes
(this process died while a forked child still holds the pipe). A forked child never uses its
parent's JVM: it starts its own on first use.

Environment variables: ``PPO4J_JARS`` (ppo4j's jars, ``os.pathsep``-separated, ``dir/*`` for every
jar of a directory; default: the jars bundled in ``ppo4j/jars``), ``PPO4J_ENV_CLASSPATH`` (your env
jars, put on the JVM's class path at start), ``PPO4J_JAVA`` (the java executable; default
``$JAVA_HOME/bin/java``, else ``java`` on ``PATH``), ``PPO4J_JAVA_OPTIONS`` (extra JVM options).
"""

from __future__ import annotations

import atexit
import collections
import json
import os
import secrets
import select
import shlex
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

from py4j.java_gateway import GatewayParameters, JavaGateway
from py4j.protocol import Py4JError

from ppo4j.errors import JavaProcessError, from_java

MAIN_CLASS = "dev.ppo4j.reverse.EnvServer"
TOKEN_VARIABLE = "PPO4J_AUTH_TOKEN"
ANNOUNCEMENT = b"ppo4j-env-server port "
STARTUP_SECONDS = 60.0
EXIT_SECONDS = 3.0
STDERR_LINES_KEPT = 40

# Doorbell operations and statuses, as dev.ppo4j.reverse.EnvHost numbers them.
RESET = 1
STEP = 2
OK = 0
FAILED = 1
NO_SUCH_ENV = 2


def ppo4j_jars() -> list[str]:
    """The class path entries of ppo4j's Java side: ``PPO4J_JARS``, else the jars bundled with this package."""
    configured = os.environ.get("PPO4J_JARS")
    if configured:
        return [entry for entry in configured.split(os.pathsep) if entry]
    bundled = Path(__file__).resolve().with_name("jars")
    if (bundled / "ppo4j-bridge.jar").is_file():
        return [str(bundled / "*")]
    raise JavaProcessError(
        f"The jars of ppo4j's Java side are not in {bundled}. They come from the Maven build: run "
        f"`mvn package` in the ppo4j checkout (./ppo4j does it on first use), which puts them there, and "
        f"run `pip install ./python` again if you installed the package from it; or set PPO4J_JARS to "
        f"the jars ({os.pathsep!r}-separated, dir/* for every jar of a directory).")


def java_executable() -> str:
    """``PPO4J_JAVA``, else ``$JAVA_HOME/bin/java``, else ``java`` on ``PATH``."""
    configured = os.environ.get("PPO4J_JAVA")
    if configured:
        return configured
    java_home = os.environ.get("JAVA_HOME")
    if java_home and (Path(java_home) / "bin" / "java").is_file():
        return str(Path(java_home) / "bin" / "java")
    found = shutil.which("java")
    if found:
        return found
    raise JavaProcessError("No Java runtime found: ppo4j's Java envs need Java 17 or later. Put `java` on PATH, "
                           "set JAVA_HOME, or set PPO4J_JAVA to the java executable.")


def env_classpath() -> list[str]:
    """The entries of ``PPO4J_ENV_CLASSPATH``, the user's env jars the JVM starts with."""
    return [entry for entry in os.environ.get("PPO4J_ENV_CLASSPATH", "").split(os.pathsep) if entry]


class Jvm:
    """One running EnvServer: its process, Py4J gateway and doorbell pipes."""

    def __init__(self):
        token = secrets.token_urlsafe(32)
        command = [java_executable(), "-XX:+UseSerialGC", *shlex.split(os.environ.get("PPO4J_JAVA_OPTIONS", "")),
                   "-cp", os.pathsep.join(ppo4j_jars() + env_classpath()), MAIN_CLASS]
        environment = dict(os.environ)
        environment[TOKEN_VARIABLE] = token
        try:
            # A session of its own: Ctrl-C in a terminal interrupts Python, which decides what happens to its envs.
            self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                            stderr=subprocess.PIPE, env=environment, bufsize=0,
                                            start_new_session=True)
        except OSError as e:
            raise JavaProcessError(f"Could not start {command[0]}: {e}. Set PPO4J_JAVA to a Java 17+ executable.") from None
        self.pid = self.process.pid
        self._owner = os.getpid()
        self._lock = threading.Lock()
        self._closed = False
        self._stderr = collections.deque(maxlen=STDERR_LINES_KEPT)
        threading.Thread(target=self._follow_stderr, name="ppo4j-jvm-stderr", daemon=True).start()
        self._bell_out = self.process.stdin.fileno()
        self._bell_in = self.process.stdout.fileno()
        try:
            port = self._await_announcement()
            self._gateway = JavaGateway(gateway_parameters=GatewayParameters(
                address="127.0.0.1", port=port, auth_token=token, auto_convert=False, eager_load=True))
        except BaseException:
            self.process.kill()
            self.process.wait()
            raise
        self._host = self._gateway.entry_point

    def _follow_stderr(self) -> None:
        """Passes the JVM's stderr (an env's prints included) on to ours, keeping the last lines for error messages."""
        for line in self.process.stderr:
            text = line.decode(errors="replace")
            self._stderr.append(text.rstrip("\n"))
            try:
                sys.stderr.write(text)
            except (OSError, ValueError):
                pass

    def _await_announcement(self) -> int:
        deadline = time.monotonic() + STARTUP_SECONDS
        pending = b""
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise JavaProcessError(f"The JVM for ppo4j's Java envs (pid {self.pid}) did not start within "
                                       f"{STARTUP_SECONDS:.0f} s.{self._stderr_tail()}")
            readable, _, _ = select.select([self._bell_in], [], [], remaining)
            if not readable:
                continue
            chunk = os.read(self._bell_in, 4096)
            if not chunk:
                raise self._died("starting")
            pending += chunk
            for line in pending.split(b"\n")[:-1]:
                if line.startswith(ANNOUNCEMENT):
                    return int(line[len(ANNOUNCEMENT):])
            pending = pending.rsplit(b"\n", 1)[-1]

    def _stderr_tail(self) -> str:
        time.sleep(0.2)  # the last lines of a dying JVM arrive just after its exit
        lines = list(self._stderr)
        return ("\nThe JVM's last stderr lines:\n  " + "\n  ".join(lines)) if lines else ""

    def _died(self, doing: str) -> JavaProcessError:
        try:
            code = self.process.wait(timeout=EXIT_SECONDS)
            status = f"exited with code {code}"
        except subprocess.TimeoutExpired:
            self.process.kill()
            status = "stopped answering and was killed"
        self._closed = True
        return JavaProcessError(f"The JVM hosting ppo4j's Java envs (pid {self.pid}) {status} while {doing}."
                                f"{self._stderr_tail()}\nIts envs are gone; make them again to start a new JVM.")

    @property
    def usable(self) -> bool:
        """Whether this process can still use this JVM (it is running and was not started by a parent before a fork)."""
        return not self._closed and os.getpid() == self._owner and self.process.poll() is None

    def _check_usable(self, doing: str) -> None:
        if os.getpid() != self._owner:
            raise JavaProcessError(f"This env belongs to the JVM of process {self._owner}, which forked this one; make "
                                   f"envs in the process that uses them (each process gets a JVM of its own).")
        if self._closed:
            raise JavaProcessError(f"The JVM hosting ppo4j's Java envs (pid {self.pid}) is closed, so {doing} is "
                                   f"impossible; make the env again to start a new JVM.")

    def call(self, method: str, *args, doing: str):
        """Calls an EnvHost method through Py4J and returns its ``ok`` value; a reported error is raised as ours."""
        self._check_usable(doing)
        try:
            reply = getattr(self._host, method)(*args)
        except Py4JError as e:
            if self.process.poll() is not None:
                raise self._died(doing) from None
            raise JavaProcessError(f"The JVM hosting ppo4j's Java envs (pid {self.pid}) failed while {doing}: {e}") from None
        answer = json.loads(reply)
        if "error" in answer:
            raise from_java(answer["error"], doing[0].upper() + doing[1:])
        return answer["ok"]

    def ring(self, request: bytes, doing: str) -> int:
        """Sends one doorbell (env id, operation) and returns the JVM's status once it is done."""
        with self._lock:
            self._check_usable(doing)
            try:
                os.write(self._bell_out, request)
                reply = os.read(self._bell_in, 8)
                while 0 < len(reply) < 8:
                    more = os.read(self._bell_in, 8 - len(reply))
                    if not more:
                        break
                    reply += more
            except OSError:
                reply = b""
            if len(reply) < 8:
                raise self._died(doing)
        if reply[:4] != request[:4]:
            raise JavaProcessError(f"The JVM answered a doorbell for another env while {doing}; this is a bug in ppo4j.")
        return int.from_bytes(reply[4:], "little")

    def close(self) -> None:
        """Stops the JVM: closing its stdin lets it close its envs and exit; it is killed if it takes too long."""
        if self._closed or os.getpid() != self._owner:
            return
        self._closed = True
        try:
            self._gateway.close()
        except Exception:  # noqa: BLE001 - the JVM may be gone already; stopping it is all that is left to do
            pass
        self.process.stdin.close()
        try:
            self.process.wait(timeout=EXIT_SECONDS)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def _forget_in_forked_child(self) -> None:
        """In a forked child: drop the child's ends of the pipes, so the parent's JVM still sees end-of-file when the parent ends."""
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            try:
                stream.close()
            except OSError:
                pass


_shared: Jvm | None = None
_shared_lock = threading.Lock()


def shared() -> Jvm:
    """This process's JVM, started if there is none yet (or the last one died)."""
    global _shared
    with _shared_lock:
        if _shared is None or not _shared.usable:
            _shared = Jvm()
            atexit.register(_shared.close)
        return _shared


def _after_fork_in_child() -> None:
    global _shared, _shared_lock
    _shared_lock = threading.Lock()
    if _shared is not None:
        _shared._forget_in_forked_child()
        _shared = None


os.register_at_fork(after_in_child=_after_fork_in_child)
