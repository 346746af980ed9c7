"""Makes the ppo4j package importable when pytest runs from the project root (as ./ppo4j test does)."""

import sys
from pathlib import Path

PYTHON_DIR = str(Path(__file__).resolve().parents[1])
if PYTHON_DIR not in sys.path:
    sys.path.insert(0, PYTHON_DIR)
