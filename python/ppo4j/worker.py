"""The Gymnasium worker process the Java bridge starts: ``python -m ppo4j.worker``.

Java hands over, by environment variable only, the port of its Py4J gateway (127.0.0.1) and a
fresh auth token. The worker connects, starts its own authenticated callback server on an
OS-chosen 127.0.0.1 port, and gives Java a control object (open, reset, errors). Per-step data
then travels through one data block: a shared-memory file mapped by both sides, or (transport
"py4j") packed bytes in a Py4J call. In shared-memory mode each step is a one-byte doorbell: Java
writes the group number to this process's stdin, the worker steps that group and writes the same
byte back on stdout. Logging and any stray output go to stderr.

The worker exits when its stdin reaches end-of-file, and the kernel kills it when the JVM that
started it dies (see _die_with_parent), so it cannot outlive that JVM, however the JVM ends, even
while the worker is stopped.
"""

from __future__ import annotations

import functools
import json
import logging
import mmap
import os
import signal
import socket
import sys
import threading
import time

from py4j.java_gateway import (CallbackServer, CallbackServerParameters, GatewayClient, GatewayParameters,
                               JavaGateway)

from ppo4j.envhost import EnvHost, error_json

log = logging.getLogger("ppo4j.worker")

PARENT_POLL_SECONDS = 0.5
PR_SET_PDEATHSIG = 1


def _no_delay(sock: socket.socket) -> None:
    # py4j 0.10.9.9 has no option for it; replies spanning several segments would otherwise wait on Nagle.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class _NoDelayGatewayClient(GatewayClient):
    """Python-to-Java connections with TCP_NODELAY."""

    def _create_connection(self):
        connection = super()._create_connection()
        _no_delay(connection.socket)
        return connection


class _NoDelayCallbackServer(CallbackServer):
    """Java-to-Python connections with TCP_NODELAY, accepted from the moment start() returns;
    remembers them so the setting can be checked."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.accepted_sockets: list[socket.socket] = []

    def start(self):
        super().start()
        # py4j binds here but listens only in the accept thread start() launches; the port is
        # reported to Java as soon as start() returns, and a busy machine may not have run that
        # thread by the time Java connects to it ("Connection refused"). Listen before returning.
        self.server_socket.listen(5)

    def _create_connection(self, socket_instance, stream):
        _no_delay(socket_instance)
        self.accepted_sockets.append(socket_instance)
        return super()._create_connection(socket_instance, stream)


class _NoDelayGateway(JavaGateway):
    """A JavaGateway whose sockets, in both directions, send without Nagle delays."""

    def _create_gateway_client(self):
        return _NoDelayGatewayClient(gateway_parameters=self.gateway_parameters)

    def _create_callback_server(self, callback_server_parameters):
        return _NoDelayCallbackServer(self.gateway_property.pool, self._gateway_client,
                                      callback_server_parameters=callback_server_parameters)


def _reply(fn):
    """Control calls answer JSON; any exception becomes an error object Java maps to a typed exception."""

    @functools.wraps(fn)
    def wrapper(self, *args):
        try:
            return json.dumps({"ok": fn(self, *args)})
        except Exception as e:
            log.debug("control call %s failed", fn.__name__, exc_info=True)
            return json.dumps({"error": error_json(e)})

    return wrapper


class Worker:
    """The control object Java calls through Py4J (it implements dev.ppo4j.bridge.WorkerControl)."""

    class Java:
        implements = ["dev.ppo4j.bridge.WorkerControl"]

    def __init__(self):
        self.host: EnvHost | None = None
        self.block = None
        self.gateway: _NoDelayGateway | None = None

    @_reply
    def openEnvs(self, config_json: str):  # noqa: N802
        config = json.loads(config_json)
        self.host = EnvHost(config["env_id"], config.get("kwargs") or {}, config["group_sizes"],
                            config["autoreset"], static_seeding=config.get("static_seeding", False))
        if config.get("shm_path"):
            with open(config["shm_path"], "r+b") as f:
                f.truncate(self.host.block_size)
                self.block = mmap.mmap(f.fileno(), self.host.block_size)
        else:
            self.block = bytearray(self.host.block_size)
        self.host.bind(self.block)
        return {"observation_space": self.host.observation_json, "action_space": self.host.action_json,
                "block_size": self.host.block_size, "sections": self.host.layout_json()}

    @_reply
    def reset(self, seeds_json: str, options_json: str):
        self.host.reset(json.loads(seeds_json), json.loads(options_json))

    def readBlock(self) -> bytes:  # noqa: N802 (Java interface method name)
        """The whole data block, for the Py4J transport after a reset."""
        return bytes(self.block)

    def stepPacked(self, group: int, actions: bytes) -> bytes:  # noqa: N802
        """Py4J transport: steps one group with packed float32 actions and returns its packed section."""
        section = self.host.sections[group]
        start = section.offset + section.offsets["actions"]
        self.block[start:start + len(actions)] = actions
        self.host.step_group(group)
        return bytes(self.block[section.offset:section.offset + section.size])

    @_reply
    def lastError(self):  # noqa: N802
        return self.host.last_error if self.host else None

    @_reply
    def socketOptions(self):  # noqa: N802
        server = self.gateway.get_callback_server()
        return {"callback_no_delay": [s.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
                                      for s in server.accepted_sockets if s.fileno() >= 0]}

    def serve_doorbells(self, doorbell_in: int, doorbell_out: int) -> None:
        """Steps the group named by each byte read, answering with the same byte; returns at end-of-file."""
        while True:
            data = os.read(doorbell_in, 64)
            if not data:
                return
            for group in data:
                self.host.step_group(group)
                os.write(doorbell_out, bytes((group,)))


def _take_doorbell_fds() -> tuple[int, int]:
    """Keeps the real stdin/stdout for doorbells and points fds 0/1 away, so stray prints cannot corrupt them."""
    doorbell_in = os.dup(0)
    doorbell_out = os.dup(1)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    os.dup2(2, 1)
    return doorbell_in, doorbell_out


def _die_with_parent() -> None:
    """Ends this process when the JVM that started it dies, however it dies.

    On Linux the kernel does it: PR_SET_PDEATHSIG makes it SIGKILL this process when its parent
    thread ends, and SIGKILL ends even a stopped process, which runs no code of its own to notice.
    (Java starts every worker from one thread that lives as long as the JVM, WorkerProcess.SPAWNER.)
    If the parent is already gone (it died before prctl took effect), exit now. Elsewhere, a thread
    polls for the parent's death instead.
    """
    parent = int(os.environ.pop("PPO4J_PARENT_PID", os.getppid()))
    if sys.platform.startswith("linux"):
        import ctypes
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
        if os.getppid() != parent:
            os._exit(3)
        return

    def watch():
        while True:
            time.sleep(PARENT_POLL_SECONDS)
            if os.getppid() != parent:
                os._exit(3)

    threading.Thread(target=watch, name="ppo4j-parent-watch", daemon=True).start()


def main() -> None:
    if "PPO4J_AUTH_TOKEN" not in os.environ or "PPO4J_GATEWAY_PORT" not in os.environ:
        sys.exit("ppo4j.worker is started by the Java bridge (PythonVectorEnv / PythonEnv), which passes "
                 "PPO4J_GATEWAY_PORT and PPO4J_AUTH_TOKEN; it is not meant to be run by hand.")
    # Ctrl-C in a terminal reaches the whole process group: the JVM decides when training stops
    # (after the current update, see StopSignals) and ends this worker itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    doorbell_in, doorbell_out = _take_doorbell_fds()
    logging.basicConfig(stream=sys.stderr, level=os.environ.get("PPO4J_WORKER_LOG_LEVEL", "WARNING"),
                        format="ppo4j worker %(process)d %(levelname)s %(name)s: %(message)s")
    _die_with_parent()
    token = os.environ.pop("PPO4J_AUTH_TOKEN")
    port = int(os.environ.pop("PPO4J_GATEWAY_PORT"))
    worker = Worker()
    gateway = _NoDelayGateway(
        gateway_parameters=GatewayParameters(address="127.0.0.1", port=port, auth_token=token),
        callback_server_parameters=CallbackServerParameters(address="127.0.0.1", port=0, auth_token=token,
                                                            daemonize=True, daemonize_connections=True))
    worker.gateway = gateway
    gateway.start_callback_server()
    gateway.entry_point.attach(worker, gateway.get_callback_server().get_listening_port())
    worker.serve_doorbells(doorbell_in, doorbell_out)
    # End-of-file on stdin: the JVM closed us or died. Skip interpreter teardown (py4j threads, envs).
    os._exit(0)


if __name__ == "__main__":
    main()
