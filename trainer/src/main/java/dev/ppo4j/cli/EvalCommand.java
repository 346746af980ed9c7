package dev.ppo4j.cli;

import ai.onnxruntime.OrtException;
import dev.ppo4j.train.PolicyEvaluator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code ./ppo4j eval}: runs an exported policy for whole episodes with fixed evaluation seeds. */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run an exported policy.onnx for whole episodes with fixed evaluation seeds.",
            "The episodes start from reset(seed), reset(seed + 1), ... and the policy acts deterministically. Prints each"
                    + " episode (numbered from 1) with its seed, return and length, then the returns' statistics, as"
                    + " python -m ppo4j.run_policy does."})
final class EvalCommand implements Callable<Integer> {
    @Option(names = "--policy", required = true, paramLabel = "FILE", description = "The exported policy, e.g. runs/<dir>/policy.onnx.")
    Path policy;

    @Option(names = "--env", paramLabel = "ID", description = "Env id (default: the env_id the policy was trained on).")
    String env;

    @Option(names = "--env-kwargs", paramLabel = "JSON", description = "Keyword arguments for gymnasium.make (default: the training ones).")
    String envKwargs;

    @Option(names = "--episodes", paramLabel = "N", defaultValue = "10", description = "Episodes to run (default: ${DEFAULT-VALUE}).")
    int episodes;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "" + PolicyEvaluator.DEFAULT_SEED, description = "Seed of the first episode (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Print one JSON line instead of the table.")
    boolean json;

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the JSON summary to FILE (atomically).")
    Path out;

    @Override
    public Integer call() throws OrtException, IOException {
        Evaluation evaluation = Evaluation.run(policy, env, envKwargs, episodes, seed);
        System.out.print(json ? evaluation.json() + "\n" : evaluation.table());
        if (out != null) {
            evaluation.write(out);
        }
        return 0;
    }
}
