"""ppo4j.ray_install: nothing to do when the pinned version is there; one clear paragraph when pip cannot install it."""

import importlib.metadata
import os
import subprocess
import sys
from pathlib import Path

from ppo4j import ray_install

PYTHON_DIR = Path(__file__).resolve().parents[1]


def test_the_pinned_set_is_ray_on_top_of_the_base_requirements():
    lines = [line.strip() for line in ray_install.REQUIREMENTS.read_text().splitlines()]
    pins = [line for line in lines if line and not line.startswith("#")]
    assert pins[0] == "-r requirements.txt"
    assert ray_install.pinned_version(ray_install.REQUIREMENTS, "ray")
    assert all(pin.startswith("-r ") or "==" in pin for pin in pins), pins
    base = (PYTHON_DIR / "requirements.txt").read_text()
    assert "ray==" not in base, "Ray belongs in requirements-ray.txt, installed on first use"


def test_the_pinned_version_installed_needs_no_install(tmp_path, capsys):
    requirements = tmp_path / "requirements-pytest.txt"
    requirements.write_text(f"# a comment\npytest=={importlib.metadata.version('pytest')}  # pinned\n")
    assert ray_install.ensure(requirements, "pytest") == ray_install.EXIT_OK
    assert capsys.readouterr().err == ""


def test_an_offline_install_fails_with_what_to_do(tmp_path):
    requirements = tmp_path / "requirements-missing.txt"
    requirements.write_text("ppo4j-no-such-package==1.0\n")
    # No index and an empty wheel directory: pip fails as it does offline, without touching the network.
    env = dict(os.environ, PIP_NO_INDEX="1", PIP_FIND_LINKS=str(tmp_path),
               PYTHONPATH=str(PYTHON_DIR) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    code = ("import sys, pathlib; from ppo4j import ray_install; "
            f"sys.exit(ray_install.ensure(pathlib.Path({str(requirements)!r}), 'ppo4j-no-such-package'))")
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == ray_install.EXIT_FAILED
    assert "[ppo4j] installing Ray 1.0, which --executor ray needs, from requirements-missing.txt" in done.stderr
    assert "Ray could not be installed" in done.stderr and "--executor local" in done.stderr, done.stderr
    assert "offline" in done.stderr
