"""Shared fixtures: the user's Java envs of ``fixtures/java_envs``, compiled once per test session."""

import shutil
import subprocess
from pathlib import Path

import pytest

from ppo4j import jvm

JAVA_ENVS = Path(__file__).parent / "fixtures" / "java_envs"


@pytest.fixture(scope="session")
def java_envs_classpath(tmp_path_factory) -> Path:
    """A class directory with the fixture envs compiled against ppo4j's jars and their META-INF/services."""
    classes = tmp_path_factory.mktemp("java-envs")
    javac = shutil.which("javac")
    assert javac, "javac (a JDK 17+) must be on PATH to compile the Java env fixtures"
    sources = sorted(str(p) for p in JAVA_ENVS.glob("acme/*.java"))
    subprocess.run([javac, "--release", "17", "-cp", ":".join(jvm.ppo4j_jars()), "-d", str(classes), *sources],
                   check=True, capture_output=True, text=True)
    shutil.copytree(JAVA_ENVS / "META-INF", classes / "META-INF")
    return classes
