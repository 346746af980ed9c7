"""Print the scalars of the TensorBoard event files in a directory as one JSON object.

    python -m ppo4j.read_events RUN_DIR

Output: {"file_version": ..., "scalars": {tag: [{"step": s, "wall_time": t, "value": v}, ...]}}.
It reads the files with TensorBoard's own EventAccumulator, so it checks what ppo4j's Java
event writer produces exactly as TensorBoard will see it.
"""

import argparse
import json
import os
import sys

from tensorboard.backend.event_processing import event_accumulator


def read_scalars(directory):
    """Return (file_version, {tag: [(step, wall_time, value), ...]}) for every scalar in directory."""
    accumulator = event_accumulator.EventAccumulator(
        directory, size_guidance={event_accumulator.SCALARS: 0})
    accumulator.Reload()
    scalars = {
        tag: [(event.step, event.wall_time, event.value) for event in accumulator.Scalars(tag)]
        for tag in accumulator.Tags()[event_accumulator.SCALARS]
    }
    return accumulator.file_version, scalars


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m ppo4j.read_events",
        description="Print the scalars of the TensorBoard event files in a directory as JSON.")
    parser.add_argument("directory", help="a run directory holding events.out.tfevents.* files")
    args = parser.parse_args(argv)
    if not os.path.isdir(args.directory):
        parser.error(f"{args.directory} is not a directory; pass the run directory that holds the event files.")
    file_version, scalars = read_scalars(args.directory)
    json.dump({
        "file_version": file_version,
        "scalars": {tag: [{"step": s, "wall_time": t, "value": v} for s, t, v in points]
                    for tag, points in scalars.items()},
    }, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
