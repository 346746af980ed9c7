"""The worker's control object without Java: JSON replies, typed errors, the Py4J data path."""

import json
import socket
import time

import numpy as np
from py4j.java_gateway import CallbackServerParameters, PythonProxyPool

from ppo4j.worker import Worker, _NoDelayCallbackServer


def test_unknown_env_becomes_a_typed_error_reply():
    reply = json.loads(Worker().openEnvs(json.dumps(
        {"env_id": "CartPol-v1", "kwargs": {}, "group_sizes": [1], "autoreset": True})))
    assert reply["error"]["kind"] == "unknown_env"
    assert "CartPole-v1" in reply["error"]["message"]


def test_bad_kwargs_reply_with_the_python_traceback():
    reply = json.loads(Worker().openEnvs(json.dumps(
        {"env_id": "CartPole-v1", "kwargs": {"no_such_option": 1}, "group_sizes": [1], "autoreset": True})))
    assert reply["error"]["kind"] == "python" and reply["error"]["type"] == "TypeError"
    assert "no_such_option" in reply["error"]["traceback"]


def test_packed_step_returns_the_group_section():
    worker = Worker()
    opened = json.loads(worker.openEnvs(json.dumps(
        {"env_id": "CartPole-v1", "kwargs": {}, "group_sizes": [2, 1], "autoreset": True})))["ok"]
    assert opened["action_space"] == {"type": "Discrete", "n": 2, "start": 0}
    assert json.loads(worker.reset(json.dumps([1, 2, 3]), "{}")) == {"ok": None}
    second = opened["sections"][1]
    packed = worker.stepPacked(1, np.array([1.0], dtype="<f4").tobytes())
    assert len(packed) == second["size"]
    fields = second["fields"]
    assert np.frombuffer(packed, "<i4", 1)[0] == 0, "status ok"
    assert np.frombuffer(packed, "<f8", 1, fields["rewards"])[0] == 1.0
    assert np.frombuffer(packed, "<f4", 4, fields["obs"]).shape == (4,)


class _SlowToRunCallbackServer(_NoDelayCallbackServer):
    """As on a busy machine: the accept thread start() launches is not scheduled for a while."""

    def run(self):
        time.sleep(1.0)
        super().run()


def test_the_callback_port_accepts_connections_as_soon_as_start_returns():
    server = _SlowToRunCallbackServer(PythonProxyPool(), None, callback_server_parameters=CallbackServerParameters(
        address="127.0.0.1", port=0, daemonize=True, daemonize_connections=True))
    server.start()
    # Java connects as soon as the worker reports the port; py4j alone refuses this until its thread listens.
    with socket.create_connection(("127.0.0.1", server.get_listening_port()), timeout=5):
        deadline = time.monotonic() + 10
        while not server.accepted_sockets and time.monotonic() < deadline:
            time.sleep(0.01)
    assert server.accepted_sockets, "the connection waiting in the backlog is served once the thread runs"
    server.shutdown()
