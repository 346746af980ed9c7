"""ppo4j.ray_runner end to end: a private local Ray instance per test, tiny Python commands as runs."""

import importlib.util
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

# Not skipped without Ray: ./ppo4j test installs it first (python -m ppo4j.ray_install), so a missing Ray is a failure.
if importlib.util.find_spec("ray") is None:
    pytest.fail("ray is not installed; ./ppo4j test installs python/requirements-ray.txt before the tests "
                "(python -m ppo4j.ray_install)", pytrace=False)

PYTHON_DIR = Path(__file__).resolve().parents[1]
STARTUP_TIMEOUT = 120


def start_runner(tmp_path):
    env = dict(os.environ)
    env["PYTHONPATH"] = str(PYTHON_DIR) + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.Popen(
        [sys.executable, "-m", "ppo4j.ray_runner", "--address", "local", "--local-cpus", "2"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        cwd=str(tmp_path), env=env, text=True, encoding="utf-8")


def send(proc, obj):
    proc.stdin.write((obj if isinstance(obj, str) else json.dumps(obj)) + "\n")
    proc.stdin.flush()


def read_event(proc, timeout):
    """Next stdout line as JSON, or None at EOF; fails the test after timeout seconds."""
    box = {}
    reader = threading.Thread(target=lambda: box.setdefault("line", proc.stdout.readline()), daemon=True)
    reader.start()
    reader.join(timeout)
    if reader.is_alive():
        proc.kill()
        pytest.fail(f"no output from the runner within {timeout} s; stderr:\n{proc.stderr.read()}")
    return json.loads(box["line"]) if box["line"] else None


def pycmd(code):
    return [sys.executable, "-c", code]


def pid_alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (exited, not yet reaped by its parent) counts as gone.
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[-1][0] != "Z"
    except OSError:
        return False


def test_runs_commands_and_reports_each(tmp_path):
    marker = tmp_path / "markers"
    marker.mkdir()
    specs = {
        "ok/seed-1": pycmd(f"open({str(marker / 'ok')!r}, 'w').write('x'); print('hello from ok')"),
        "fails/seed-2": pycmd(f"open({str(marker / 'fails')!r}, 'w').write('x'); import sys; print('bad', file=sys.stderr); sys.exit(3)"),
        "slow/seed-3": pycmd(f"import time; time.sleep(1.5); open({str(marker / 'slow')!r}, 'w').write('x'); print('slept')"),
    }
    proc = start_runner(tmp_path)
    t0 = time.monotonic()
    for run_id, command in specs.items():
        send(proc, {"id": run_id, "command": command, "cwd": str(tmp_path),
                    "log": str(tmp_path / "runs" / run_id / "train.log")})
    send(proc, {"end": True})  # stdin stays open, as Java keeps it

    connected = read_event(proc, STARTUP_TIMEOUT)
    assert connected["event"] == "connected" and connected["cpus"] == 2 and connected["address"]
    print(f"ray local startup: {time.monotonic() - t0:.1f} s")
    finished = {}
    while True:
        event = read_event(proc, 60)
        assert event is not None, proc.stderr.read()
        if event["event"] == "done":
            break
        assert event["event"] == "finished", event
        assert event["id"] not in finished
        finished[event["id"]] = event
    assert proc.wait(timeout=30) == 0, proc.stderr.read()
    print(f"whole run: {time.monotonic() - t0:.1f} s")

    assert set(finished) == set(specs)
    assert {k: e["returncode"] for k, e in finished.items()} == {"ok/seed-1": 0, "fails/seed-2": 3, "slow/seed-3": 0}
    assert finished["slow/seed-3"]["seconds"] >= 1.4
    assert all(e["node"] for e in finished.values())
    assert sorted(p.name for p in marker.iterdir()) == ["fails", "ok", "slow"]
    logs = {k: (tmp_path / "runs" / k / "train.log").read_text() for k in specs}
    assert "hello from ok" in logs["ok/seed-1"]
    assert "bad" in logs["fails/seed-2"]
    assert "slept" in logs["slow/seed-3"]


def test_stdin_eof_cancels_and_kills_the_command(tmp_path):
    pid_file = tmp_path / "child.pid"
    code = (f"import os, time; open({str(pid_file) + '.tmp'!r}, 'w').write(str(os.getpid())); "
            f"os.replace({str(pid_file) + '.tmp'!r}, {str(pid_file)!r}); time.sleep(60)")
    proc = start_runner(tmp_path)
    send(proc, {"id": "long", "command": pycmd(code), "cwd": str(tmp_path), "log": str(tmp_path / "long.log")})
    send(proc, {"end": True})
    assert read_event(proc, STARTUP_TIMEOUT)["event"] == "connected"
    deadline = time.monotonic() + 30
    while not pid_file.exists():
        assert time.monotonic() < deadline, "the command never started"
        time.sleep(0.1)
    child = int(pid_file.read_text())
    assert pid_alive(child)

    t0 = time.monotonic()
    proc.stdin.close()  # the caller died
    rc = proc.wait(timeout=30)
    assert rc != 0
    assert "stdin closed" in proc.stderr.read()
    while pid_alive(child):
        assert time.monotonic() - t0 < 20, f"command {child} still running after the runner exited"
        time.sleep(0.1)
    print(f"runner exit and command gone {time.monotonic() - t0:.1f} s after stdin closed")


def test_malformed_line_exits_2(tmp_path):
    proc = start_runner(tmp_path)
    send(proc, "{not json")
    _, err = proc.communicate(timeout=STARTUP_TIMEOUT)
    assert proc.returncode == 2
    assert "input line 1" in err and "{not json" in err


def test_unreachable_cluster_exits_2_quickly(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(PYTHON_DIR))
    t0 = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "ppo4j.ray_runner", "--address", "127.0.0.1:1"],
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "127.0.0.1:1" in proc.stderr and "ray start --head" in proc.stderr and "--address local" in proc.stderr
    assert time.monotonic() - t0 < 30
