"""Run ppo4j training commands as tasks on a Ray cluster; launched by ``./ppo4j compare --executor ray``.

Ray itself is installed on that executor's first use by ``ppo4j.ray_install``.

    python -m ppo4j.ray_runner --address ADDR [--cpus-per-task 1] [--local-cpus N]

``--address`` is a running cluster's address (as printed by ``ray start --head``, e.g.
``10.0.0.5:6379``, or ``auto`` for the cluster started on this machine), or ``local`` to start a
private Ray instance for this run only (``--local-cpus`` CPUs, default all of this machine's).
Each run is one Ray task reserving ``--cpus-per-task`` CPUs (fractions allowed) that runs the
run's command line with ``subprocess`` on whichever node Ray picks. Ray reads its usual
environment variables: a cluster started with token authentication (Ray's default for
``ray start``) needs ``RAY_AUTH_MODE=token`` and the token (``RAY_AUTH_TOKEN`` or
``~/.ray/auth_token``) in the environment Java starts this module with. The commands' ``cwd`` and
``log`` paths must therefore exist on every node (a shared file system), as must the command.

Protocol (the contract with the Java side; one JSON object per line, UTF-8, each line flushed)
------------------------------------------------------------------------------------------------
stdin, written by Java:

    {"id": "clip-0.2/Hopper-v5/seed-1", "command": ["java", "-cp", "...", ...],
     "cwd": "/abs/dir", "log": "/abs/path/train.log"}      one line per run, any number
    {"end": true}                                         after the last run

``id`` (a non-empty string, unique) and ``command`` (a non-empty list of strings) are required;
``cwd`` (the command's working directory; default the Ray worker's) and ``log`` (a file the
command's stdout and stderr are appended to, parent directories created; default: discarded) are
optional strings. Unknown fields are ignored. Blank lines are ignored. Runs are submitted as soon
as their line is read.

After ``{"end": true}`` Java keeps stdin OPEN until the runner exits. If stdin reaches EOF while
any run is unfinished (or before ``{"end": true}``), Java is taken to have died or been
interrupted: every unfinished task is cancelled (``ray.cancel(ref, force=True)``, which kills the
command, see ``_SUPERVISOR``), Ray is shut down and the runner exits 1.

stdout, written by the runner (nothing else is ever written to stdout):

    {"event": "connected", "address": "<address given, or the local instance's>", "cpus": 8}
        once, after connecting; cpus = total CPUs of the cluster
    {"event": "finished", "id": "...", "returncode": 0, "seconds": 812.4, "node": "<hostname>"}
        once per run, in completion order; returncode is the command's exit status (negative: killed
        by that signal), seconds its wall time, node the host it ran on
    {"event": "finished", "id": "...", "returncode": -1, "error": "<message>"}
        instead, for a run whose task failed without an exit status (command or cwd not found,
        node died, ...)
    {"event": "done"}
        when ``{"end": true}`` was read and every run has finished; then exit 0, whatever the runs'
        return codes (the caller judges them)

Exit codes: 0 done; 1 stdin closed early (tasks cancelled); 2 cannot connect to Ray (one line on
stderr says what failed and what to do) or a malformed input line (stderr names the line; tasks
already submitted are cancelled); 130 / 143 on SIGINT / SIGTERM (tasks cancelled). Diagnostics,
including Ray's own, go to stderr.
"""

import argparse
import json
import logging
import os
import queue
import signal
import sys
import threading
import time

EXIT_OK = 0
EXIT_STDIN_CLOSED = 1
EXIT_USAGE = 2
LOCAL = "local"
POLL_SECONDS = 0.2
CANCEL_GRACE_SECONDS = 5.0
PROBE_SECONDS = 5.0

# The process tree a task creates, and why:
#
#   Ray worker -> relay -> guardian (leader of a new session / process group G) -> command -> ...
#
# A force-cancel kills the Ray worker process with SIGKILL, and Ray then SIGKILLs the worker's
# direct children too, so no direct child of the worker can clean up after it: in a first version
# the command outlived a cancel. Hence two small Python processes (this script, in two modes):
# - relay, the worker's direct child, only starts the guardian and passes its exit status on. Linux's
#   prctl(PR_SET_PDEATHSIG, SIGKILL) makes it die with the worker even if Ray does not kill it.
# - guardian: its own session, so G holds the command and everything the command starts (the Java
#   trainer's Python env workers), and Ray's own clean-up of the worker's group does not reach it.
#   It is not the worker's child, so nothing SIGKILLs it; PR_SET_PDEATHSIG(SIGTERM) tells it when the
#   relay dies, and it then SIGKILLs the whole group G, itself included.
# The getppid() checks close the race where the parent died before prctl took effect. PDEATHSIG is
# set in a freshly exec'ed, single-threaded Python rather than with Popen(preexec_fn=...) in the
# worker, because preexec_fn runs Python between fork and exec of a heavily multi-threaded process
# (the Ray worker), which Python documents as deadlock-prone. Off Linux there is no PDEATHSIG: there
# the task still kills the relay when it is cancelled without force (and so the group via SIGTERM
# only if Ray's clean-up does not get there first).
# Run as: python -c "SELF = <this text>\nexec(SELF)" relay|guard PARENT_PID COMMAND...
_SUPERVISOR = r"""
import os, signal, subprocess, sys
mode, parent, command = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
def pdeathsig(sig):
    if sys.platform.startswith("linux"):
        import ctypes
        ctypes.CDLL(None, use_errno=True).prctl(1, int(sig), 0, 0, 0)  # PR_SET_PDEATHSIG
def kill_group(*_):
    os.killpg(0, signal.SIGKILL)
if mode == "relay":
    pdeathsig(signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)
    child = subprocess.Popen([sys.executable, "-c", "SELF = %r\nexec(SELF)" % SELF, "guard", str(os.getpid()), *command],
                             start_new_session=True)
else:
    signal.signal(signal.SIGTERM, kill_group)
    pdeathsig(signal.SIGTERM)
    if os.getppid() != parent:
        kill_group()
    try:
        child = subprocess.Popen(command)
    except OSError as e:
        print("ppo4j.ray_runner: cannot start %r: %s" % (command[0], e), file=sys.stderr, flush=True)
        sys.exit(127)
rc = child.wait()
if rc < 0:  # pass "killed by signal N" on as such
    signal.signal(-rc, signal.SIG_DFL)
    os.kill(os.getpid(), -rc)
sys.exit(rc)
"""


def run_command(command, cwd, log):
    """Body of the Ray task: run one command to completion; see _SUPERVISOR for how it dies with us."""
    import os
    import shutil
    import socket
    import subprocess
    import sys
    import time

    if cwd is not None and not os.path.isdir(cwd):
        raise FileNotFoundError(f"working directory {cwd!r} does not exist on node {socket.gethostname()}")
    exe = command[0]
    if os.sep in exe:
        found = os.path.join(cwd or os.getcwd(), exe)
        if not (os.path.isfile(found) and os.access(found, os.X_OK)):
            raise FileNotFoundError(f"command {exe!r} not found or not executable on node {socket.gethostname()}")
    elif shutil.which(exe) is None:
        raise FileNotFoundError(f"command {exe!r} not found on PATH on node {socket.gethostname()}")

    if log is not None:
        os.makedirs(os.path.dirname(os.path.abspath(log)), exist_ok=True)
        out = open(log, "ab")
    else:
        out = subprocess.DEVNULL
    started = time.monotonic()
    try:
        proc = subprocess.Popen(
            [sys.executable, "-c", f"SELF = {_SUPERVISOR!r}\nexec(SELF)", "relay", str(os.getpid()), *command],
            cwd=cwd, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)
        try:
            rc = proc.wait()
        except BaseException:  # a non-force cancel (KeyboardInterrupt) or any other exit of the task
            proc.kill()  # the guardian sees the relay die and kills the command's whole group
            proc.wait()
            raise
    finally:
        if log is not None:
            out.close()
    return {"returncode": rc, "seconds": round(time.monotonic() - started, 3), "node": socket.gethostname()}


class Output:
    """The protocol stream: a private copy of the original stdout, one flushed JSON line per event."""

    def __init__(self):
        # Anything else that writes to fd 1 (Ray's messages, processes Ray starts and that inherit
        # fd 1) goes to stderr instead, so the stream Java parses carries protocol lines only.
        self._stream = os.fdopen(os.dup(1), "w", encoding="utf-8", newline="\n")
        sys.stdout.flush()
        os.dup2(2, 1)
        sys.stdout = sys.stderr
        self._lock = threading.Lock()

    def emit(self, **event):
        with self._lock:
            self._stream.write(json.dumps(event, ensure_ascii=False) + "\n")
            self._stream.flush()


class InputError(Exception):
    pass


_EOF = object()


def _read_stdin(lines):
    stream = open(sys.stdin.fileno(), "r", encoding="utf-8", errors="replace", closefd=False)
    number = 0
    for line in stream:
        number += 1
        lines.put((number, line))
    lines.put(_EOF)


def parse_spec(number, line, seen_ids):
    """One input line → ("end", None), ("run", spec dict) or None for a blank line; InputError if malformed."""
    text = line.strip()
    if not text:
        return None
    shown = text if len(text) <= 200 else text[:200] + "..."
    where = f"input line {number} ({shown})"
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as e:
        raise InputError(f"{where} is not valid JSON: {e}") from None
    if not isinstance(obj, dict):
        raise InputError(f"{where} is not a JSON object")
    if "end" in obj:
        if obj["end"] is not True:
            raise InputError(f'{where}: "end" must be true')
        return ("end", None)
    run_id = obj.get("id")
    if not isinstance(run_id, str) or not run_id:
        raise InputError(f'{where}: "id" must be a non-empty string')
    if run_id in seen_ids:
        raise InputError(f'{where}: id {run_id!r} was already given')
    command = obj.get("command")
    if not isinstance(command, list) or not command or not all(isinstance(a, str) for a in command):
        raise InputError(f'{where}: "command" must be a non-empty list of strings')
    for key in ("cwd", "log"):
        if obj.get(key) is not None and not isinstance(obj[key], str):
            raise InputError(f'{where}: "{key}" must be a string')
    return ("run", {"id": run_id, "command": command, "cwd": obj.get("cwd"), "log": obj.get("log")})


def _error_message(exc):
    cause = getattr(exc, "cause", None)  # RayTaskError wraps the task's own exception
    err = cause if isinstance(cause, BaseException) else exc
    text = str(err).strip().splitlines()
    return f"{type(err).__name__}: {text[-1] if text else ''}".rstrip(": ")


def probe(address):
    """Fail fast on an unreachable cluster address: ray.init itself retries for minutes there.

    Returns an error message, or None when a TCP connection to host:port succeeds (or the address
    is not of that form, e.g. ``auto``, which Ray resolves itself and fails on quickly)."""
    import socket
    hostport = address.split("://", 1)[-1].rstrip("/")
    host, sep, port = hostport.rpartition(":")
    if not sep or not port.isdigit() or not host:
        return None
    host = host.strip("[]")
    try:
        with socket.create_connection((host, int(port)), timeout=PROBE_SECONDS):
            return None
    except OSError as e:
        return f"nothing answers at {hostport} ({e.strerror or e})"


def connect(ray, address, local_cpus):
    quiet = dict(log_to_driver=False, logging_level=logging.WARNING)
    if address == LOCAL:
        # address="local" always starts a new instance (never joins a cluster already running here).
        ray.init(address="local", num_cpus=local_cpus or os.cpu_count() or 1, include_dashboard=False,
                 object_store_memory=100 * 1024 * 1024, **quiet)
        return ray.get_runtime_context().gcs_address
    ray.init(address=address, **quiet)
    return address


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m ppo4j.ray_runner",
                                     description="Run ppo4j training commands as Ray tasks (protocol: see module docstring).")
    parser.add_argument("--address", required=True, help="Ray cluster address, or 'local' for a private instance")
    parser.add_argument("--cpus-per-task", type=float, default=1.0, help="CPUs each run reserves (default 1)")
    parser.add_argument("--local-cpus", type=int, default=None,
                        help="with --address local: CPUs of the private instance (default: all)")
    args = parser.parse_args(argv)
    if args.cpus_per_task <= 0:
        parser.error("--cpus-per-task must be positive")

    out = Output()
    stop = {"signal": None}

    def on_signal(signum, _frame):
        stop["signal"] = signum

    # No usage-statistics reporting from a private instance (there is no network to send it to).
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    import ray

    if __name__ != "__main__":  # imported, not run with -m: ship this module's code with the task too
        try:
            ray.cloudpickle.register_pickle_by_value(sys.modules[__name__])
        except Exception:
            pass

    started = time.monotonic()
    # Until connected nothing has been submitted: SIGTERM may end the process at once (a private
    # instance's processes are cleaned up by Ray's reaper process).
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        failure = None if args.address == LOCAL else probe(args.address)
        if failure:
            raise ConnectionError(failure)
        shown_address = connect(ray, args.address, args.local_cpus)
    except KeyboardInterrupt:
        return 130
    except Exception as e:
        what = "start a local Ray instance" if args.address == LOCAL else f"connect to the Ray cluster at {args.address!r}"
        print(f"ppo4j.ray_runner: could not {what}: {type(e).__name__}: {str(e).strip().splitlines()[0] if str(e).strip() else ''} "
              "-- start a cluster with `ray start --head` and pass its address, or use --address local"
              + ("" if args.address == LOCAL else
                 " (a cluster with token authentication, Ray's default, also needs RAY_AUTH_MODE=token"
                 " and its token in RAY_AUTH_TOKEN or ~/.ray/auth_token)"),
              file=sys.stderr, flush=True)
        return EXIT_USAGE
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    cpus = ray.cluster_resources().get("CPU", 0)
    out.emit(event="connected", address=shown_address, cpus=int(cpus) if float(cpus).is_integer() else cpus)
    print(f"ppo4j.ray_runner: connected in {time.monotonic() - started:.1f} s", file=sys.stderr, flush=True)

    cpt = args.cpus_per_task
    task = ray.remote(num_cpus=int(cpt) if cpt.is_integer() else cpt, max_retries=0)(run_command)

    lines = queue.Queue()
    threading.Thread(target=_read_stdin, args=(lines,), daemon=True, name="stdin").start()
    pending = {}  # ObjectRef -> run id
    seen_ids = set()
    ended = False

    def abort(message, code):
        if message:
            print(f"ppo4j.ray_runner: {message}", file=sys.stderr, flush=True)
        if pending:
            print(f"ppo4j.ray_runner: cancelling {len(pending)} unfinished run(s)", file=sys.stderr, flush=True)
            refs = list(pending)
            for ref in refs:
                try:
                    ray.cancel(ref, force=True)
                except Exception as e:
                    print(f"ppo4j.ray_runner: cancelling {pending[ref]}: {e}", file=sys.stderr, flush=True)
            # Give the cancellations time to reach the workers before the driver disconnects.
            try:
                ray.wait(refs, num_returns=len(refs), timeout=CANCEL_GRACE_SECONDS)
            except Exception:
                pass
        ray.shutdown()
        return code

    def handle(item):
        """Apply one stdin item; returns an exit code to stop with, or None to go on."""
        nonlocal ended
        if item is _EOF:
            if ended and not pending:
                return None
            return abort("stdin closed before all runs finished (the caller exited or was interrupted)",
                         EXIT_STDIN_CLOSED)
        number, line = item
        try:
            parsed = parse_spec(number, line, seen_ids)
            if parsed is not None and ended:
                raise InputError(f"input line {number}: nothing may follow {{\"end\": true}}")
        except InputError as e:
            return abort(str(e), EXIT_USAGE)
        if parsed is None:
            return None
        kind, spec = parsed
        if kind == "end":
            ended = True
            return None
        seen_ids.add(spec["id"])
        pending[task.remote(spec["command"], spec["cwd"], spec["log"])] = spec["id"]
        return None

    while True:
        if stop["signal"] is not None:
            return abort(f"received {signal.Signals(stop['signal']).name}", 128 + stop["signal"])
        if pending:
            ready, _ = ray.wait(list(pending), num_returns=1, timeout=POLL_SECONDS)
            for ref in ready:
                run_id = pending.pop(ref)
                try:
                    result = ray.get(ref)
                    out.emit(event="finished", id=run_id, returncode=result["returncode"],
                             seconds=result["seconds"], node=result["node"])
                except Exception as e:
                    out.emit(event="finished", id=run_id, returncode=-1, error=_error_message(e))
            wait_input = 0
        else:
            wait_input = POLL_SECONDS
        while True:
            try:
                item = lines.get(timeout=wait_input) if wait_input else lines.get_nowait()
            except queue.Empty:
                break
            wait_input = 0
            code = handle(item)
            if code is not None:
                return code
        if ended and not pending:
            out.emit(event="done")
            ray.shutdown()
            return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
