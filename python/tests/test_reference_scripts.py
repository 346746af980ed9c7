"""Checks of the reference scripts that the Java parity tests trust."""

import numpy as np

from ppo4j_testing import numpy_stream, trajectory


def test_numpy_stream_reports_numpys_own_draws():
    record = numpy_stream.describe(42, 3, -1.0, 1.0)
    assert record["random"] == np.random.default_rng(42).random(3).tolist()
    assert record["uniform"] == np.random.default_rng(42).uniform(-1.0, 1.0, 3).tolist()
    assert [int(w) for w in record["uint64"]] == np.random.PCG64(42).random_raw(3).tolist()


def test_balance_runs_cartpole_to_the_time_limit():
    records = trajectory.run("CartPole-v1", [{"op": "reset", "seed": 1}, {"op": "balance"}])
    assert len(records) == 501
    assert records[-1]["truncated"] and not records[-1]["terminated"]
    assert not any(r["terminated"] or r["truncated"] for r in records[1:-1])


def test_reset_without_seed_continues_the_stream():
    records = trajectory.run(
        "Pendulum-v1", [{"op": "reset", "seed": 4}, {"op": "reset"}, {"op": "reset", "seed": 4}]
    )
    assert records[0]["obs"] == records[2]["obs"]
    assert records[0]["obs"] != records[1]["obs"]


def test_vector_records_final_observations_only_where_episodes_end():
    ops = [{"op": "reset", "seed": 0}] + [{"op": "step", "actions": [[0.0], [1.0]]}] * 200
    records = trajectory.run_vector("Pendulum-v1", 2, ops)
    assert all(r["final_obs"] == [None, None] for r in records[1:200])
    assert records[200]["truncated"] == [True, True]
    assert all(len(obs) == 3 for obs in records[200]["final_obs"])
