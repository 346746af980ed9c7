"""Makes pytest put python/ on sys.path (rootdir conftest), so tests import the ppo4j package from any working directory."""
