"""The ./ppo4j launcher's own output on a first run, when it builds the Java modules: plain text.

Maven's console library used to leave colour-reset escape codes (ESC[0m) in that output even in
batch mode; the launcher now stops them, and this checks it on the real build.
"""

import pathlib
import subprocess

HOME = pathlib.Path(__file__).resolve().parents[2]
BUILD_STAMP = HOME / "trainer" / "target" / ".ppo4j-build-stamp"


def test_a_first_run_builds_and_prints_no_escape_codes():
    # Without the stamp the launcher builds as on a first run (and writes the stamp again).
    BUILD_STAMP.unlink(missing_ok=True)
    result = subprocess.run([str(HOME / "ppo4j"), "--help"], capture_output=True, timeout=1200, check=False)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output.decode(errors="replace")
    assert b"[ppo4j] building the Java modules" in result.stderr, "the launcher did not build: " + repr(output)
    assert b"\x1b" not in output, "escape codes in the launcher's output: " + repr(output)
    assert result.stdout.startswith(b"Usage: ppo4j"), repr(output)
    assert BUILD_STAMP.exists()
