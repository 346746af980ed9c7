"""Test-only Gymnasium envs (faults, NaNs, unusual spaces); never imported by the production worker.

Tests reach them with ``module:EnvId`` ids, e.g. ``ppo4j.testing.envs:ppo4j_testing/Faulty-v0``.
"""
