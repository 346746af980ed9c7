"""Python-side check of a policy exported by ppo4j (run by the Java test ExportParityTest).

The Java test writes, into the directory named by PPO4J_PARITY_DIR, one sub-directory per
policy holding ``policy.onnx`` and ``cases.json`` (raw observations, the outputs Java's ONNX
Runtime produced for them, and the metadata it wrote). This module loads each policy with Python
onnxruntime and requires the same outputs to 1e-5, the declared output names and types, and the
metadata. It is not named ``test_*.py`` because it needs the Java side's files: pytest collects
it only when the Java test names it.
"""

import json
import os
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import pytest

from ppo4j import run_policy


def _policy_dirs():
    root = Path(os.environ["PPO4J_PARITY_DIR"])
    dirs = sorted(p for p in root.iterdir() if (p / "policy.onnx").is_file())
    assert dirs, f"no exported policies under {root}"
    return dirs


@pytest.mark.parametrize("policy_dir", _policy_dirs(), ids=lambda p: p.name)
def test_python_onnxruntime_matches_java(policy_dir):
    cases = json.loads((policy_dir / "cases.json").read_text())
    onnx.checker.check_model(str(policy_dir / "policy.onnx"), full_check=True)
    session = ort.InferenceSession(str(policy_dir / "policy.onnx"), providers=["CPUExecutionProvider"])

    inputs = session.get_inputs()
    # run_policy's names are the ones Java exports.
    assert [i.name for i in inputs] == [run_policy.OBS_INPUT]
    assert inputs[0].type == "tensor(float)"
    names = [o.name for o in session.get_outputs()]
    assert names == cases["output_names"]
    assert run_policy.ACTION_OUTPUT in names
    assert (run_policy.LOGITS_OUTPUT in names) == cases["discrete"]

    obs = np.asarray(cases["obs"], dtype=np.float32).reshape(-1, cases["obs_dim"])
    outputs = dict(zip(names, session.run(None, {run_policy.OBS_INPUT: obs})))
    for name in names:
        expected = np.asarray(cases["expected"][name])
        got = outputs[name]
        if name == run_policy.ACTION_OUTPUT and cases["discrete"]:
            assert got.dtype == np.int64
            np.testing.assert_array_equal(got, expected.astype(np.int64))
        else:
            assert got.dtype == np.float32
            np.testing.assert_allclose(got.reshape(expected.shape), expected, rtol=0, atol=1e-5)

    metadata = session.get_modelmeta().custom_metadata_map
    for key, value in cases["metadata"].items():
        assert metadata[key] == value
