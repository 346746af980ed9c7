package dev.ppo4j.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code ./ppo4j train}: trains a PPO agent. */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Train a PPO agent (default: Hopper-v5, 1M steps).")
final class TrainCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("ppo4j: training is not built yet; the environment bridge and the ONNX engine come first.");
        return 2;
    }
}
