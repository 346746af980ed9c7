"""Install Ray into this Python environment on first use; ``./ppo4j compare --executor ray`` and ``./ppo4j test`` run it.

    python -m ppo4j.ray_install

Ray (about 240 MB installed) is needed only to run a grid's runs as Ray tasks, so it is not part of
``python/requirements.txt``; its pinned set is ``python/requirements-ray.txt``. When the pinned Ray
version is installed this does nothing and prints nothing. Otherwise it prints one line saying what
it installs, installs the pinned set with this interpreter's pip, and prints a line when done. If
pip fails (offline, say) it prints one paragraph with what to do and exits 1.
"""

import importlib.metadata
import re
import subprocess
import sys
import time
from pathlib import Path

REQUIREMENTS = Path(__file__).resolve().parents[1] / "requirements-ray.txt"
EXIT_OK = 0
EXIT_FAILED = 1


def _say(message):
    print(f"[ppo4j] {message}", file=sys.stderr, flush=True)


def pinned_version(requirements, distribution):
    """The version ``requirements`` pins ``distribution`` to (``name==version``)."""
    for line in requirements.read_text(encoding="utf-8").splitlines():
        match = re.fullmatch(rf"\s*{re.escape(distribution)}\s*==\s*(\S+)\s*(#.*)?", line, flags=re.IGNORECASE)
        if match:
            return match.group(1)
    raise ValueError(f"{requirements} does not pin {distribution}")


def installed_version(distribution):
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return None


def ensure(requirements=REQUIREMENTS, distribution="ray"):
    """Install ``requirements`` with pip unless the version of ``distribution`` they pin is installed; returns the exit code."""
    wanted = pinned_version(requirements, distribution)
    if installed_version(distribution) == wanted:
        return EXIT_OK
    _say(f"installing Ray {wanted}, which --executor ray needs, from {requirements.name} into {sys.prefix} "
         "(once; about 240 MB to download)...")
    started = time.monotonic()
    command = [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", str(requirements)]
    status = subprocess.call(command, stdin=subprocess.DEVNULL)
    if status != 0 or installed_version(distribution) != wanted:
        _say(f"Ray could not be installed: pip exited with status {status} (its messages are above). "
             "--executor ray downloads Ray on first use, which needs the network: if this machine is offline, run the "
             f"command again once it is online, or install the pinned set yourself with `{sys.executable} -m pip "
             f"install -r {requirements}` (pip's --find-links takes a directory of wheels downloaded elsewhere). "
             "Or run the grid without Ray: --executor local.")
        return EXIT_FAILED
    _say(f"Ray installed in {time.monotonic() - started:.0f} s.")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(ensure())
