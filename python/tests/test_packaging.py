"""``pip install ./python`` ships ppo4j with its jars: the package as setuptools packs it (the source
distribution pip builds its wheel from) holds the jars, and an unpacked copy, away from the checkout,
finds them and runs a Java env."""

import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

PYTHON_DIR = Path(__file__).resolve().parents[1]
JARS = ["ppo4j-bridge.jar", "py4j.jar", "gson.jar"]


def test_the_packed_package_carries_its_jars_and_runs_a_java_env_on_its_own(tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(PYTHON_DIR / name, source / name)
    shutil.copytree(PYTHON_DIR / "ppo4j", source / "ppo4j", ignore=shutil.ignore_patterns("__pycache__"))
    # The sdist step of a pip install, run offline (building the wheel from it needs setuptools' wheel support).
    built = subprocess.run([sys.executable, "-c", "from setuptools import build_meta; print(build_meta.build_sdist('dist'))"],
                           cwd=source, capture_output=True, text=True, check=True)
    archive = source / "dist" / built.stdout.split()[-1]
    with tarfile.open(archive) as packed:
        members = packed.getnames()
        for jar in JARS:
            assert f"ppo4j-0.1.0/ppo4j/jars/{jar}" in members
        packed.extractall(tmp_path / "unpacked", filter="data")
    site = tmp_path / "site"
    shutil.move(tmp_path / "unpacked" / "ppo4j-0.1.0" / "ppo4j", site / "ppo4j")
    script = ("import gymnasium, ppo4j\nprint(ppo4j.__file__)\nenv = gymnasium.make('ppo4j/CartPole-v1')\n"
              "env.reset(seed=0)\nprint(env.step(1)[1])\n")
    environment = {k: v for k, v in os.environ.items() if k not in ("PPO4J_JARS", "PPO4J_HOME")}
    ran = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=120,
                         env={**environment, "PYTHONPATH": str(site)})
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.split() == [str(site / "ppo4j" / "__init__.py"), "1.0"]
