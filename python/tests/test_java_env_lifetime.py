"""The JVM behind Java envs never outlives its Python process, however that ends; a JVM that dies gives
the Python caller a clear error, and the next env starts a new one. Forked children get JVMs of their own."""

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import gymnasium
import numpy as np
import pytest

import ppo4j
from ppo4j import jvm
from ppo4j.errors import JavaProcessError

PYTHON_DIR = Path(__file__).resolve().parents[1]


def _running(pid: int) -> bool:
    """Whether the process exists and has not exited (a zombie has: no reaper may be around to collect it)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except FileNotFoundError:
        return False


def _gone_within(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not _running(pid):
            return True
        time.sleep(0.05)
    return False


def _python_holding_an_env(body: str = "") -> tuple[subprocess.Popen, int]:
    """A Python process that makes a Java env, prints its JVM's pid, runs ``body`` and waits to be killed."""
    script = textwrap.dedent("""
        import sys, time, gymnasium, ppo4j
        from ppo4j import jvm
        env = gymnasium.make("ppo4j/CartPole-v1")
        env.reset(seed=0)
        print(jvm.shared().pid, flush=True)
    """) + textwrap.dedent(body) + "\ntime.sleep(60)\n"
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True,
                             env={**os.environ, "PYTHONPATH": str(PYTHON_DIR)})
    line = child.stdout.readline()
    assert line.strip().isdigit(), f"the child printed {line!r}"
    return child, int(line)


def test_killing_the_python_process_leaves_no_jvm():
    child, jvm_pid = _python_holding_an_env()
    try:
        assert _running(jvm_pid)
        child.send_signal(signal.SIGKILL)
        child.wait()
        assert _gone_within(jvm_pid, 5), "the JVM outlived its Python process by 5 s"
    finally:
        child.kill()


def test_the_jvm_also_exits_when_its_killed_parent_left_a_child_holding_its_stdin():
    # A subprocess inheriting the pipe keeps the JVM's stdin open; the JVM must notice its parent is gone.
    child, jvm_pid = _python_holding_an_env("""
        import subprocess
        holder = subprocess.Popen(["sleep", "60"], pass_fds=(jvm.shared()._bell_out,))
        print(holder.pid, flush=True)
    """)
    holder = int(child.stdout.readline())
    try:
        child.send_signal(signal.SIGKILL)
        child.wait()
        assert _running(holder)
        assert _gone_within(jvm_pid, 5), "the JVM outlived its Python process by 5 s"
    finally:
        child.kill()
        os.kill(holder, signal.SIGKILL)


def test_a_python_process_that_ends_normally_stops_its_jvm():
    script = ("import gymnasium, ppo4j\nfrom ppo4j import jvm\ngymnasium.make('ppo4j/CartPole-v1').reset(seed=0)\n"
              "print(jvm.shared().pid)\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(PYTHON_DIR)})
    assert done.returncode == 0, done.stderr
    assert _gone_within(int(done.stdout), 5)


def test_killing_the_jvm_gives_the_caller_a_clear_error_and_the_next_env_a_new_jvm():
    env = gymnasium.make("ppo4j/CartPole-v1")
    vector = gymnasium.make_vec("ppo4j/CartPole-v1", num_envs=2)
    env.reset(seed=0)
    vector.reset(seed=0)
    dead = jvm.shared().pid
    os.kill(dead, signal.SIGKILL)
    with pytest.raises(JavaProcessError) as error:
        env.step(0)
    message = str(error.value)
    assert f"The JVM hosting ppo4j's Java envs (pid {dead}) exited with code" in message
    assert "while stepping CartPole-v1" in message and "make them again" in message
    with pytest.raises(JavaProcessError, match="is closed"):
        vector.step(np.array([0, 1]))
    env.close()
    vector.close()
    fresh = gymnasium.make("ppo4j/CartPole-v1")
    assert jvm.shared().pid != dead
    fresh.reset(seed=0)
    assert fresh.step(1)[1] == 1.0
    fresh.close()


def test_forked_workers_make_their_envs_in_jvms_of_their_own():
    parent_env = ppo4j.JavaEnv(java_id="CartPole-v1")
    parent_env.reset(seed=0)
    envs = gymnasium.make_vec("ppo4j/CartPole-v1", num_envs=2, vectorization_mode="async",
                              vector_kwargs={"context": "fork"})
    try:
        envs.reset(seed=1)
        assert len(set(envs.get_attr("jvm_pid")) | {parent_env.jvm_pid}) == 3
        for _ in range(30):
            envs.step(np.array([0, 1]))
    finally:
        envs.close()
    assert parent_env.step(1)[1] == 1.0, "the parent's JVM is untouched by its forked children"
    parent_env.close()
