package dev.ppo4j.cli;

import ai.onnxruntime.OrtException;
import dev.ppo4j.env.VectorEnv;
import dev.ppo4j.ppo.ConfigException;
import dev.ppo4j.ppo.PolicyEvaluator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./ppo4j eval}: runs an exported policy for whole episodes with fixed evaluation seeds. */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run an exported policy.onnx (deterministic action) with fixed evaluation seeds:",
            "episode k starts from reset(seed + k). Prints the returns and their statistics."})
final class EvalCommand implements Callable<Integer> {
    @Option(names = "--policy", required = true, paramLabel = "FILE", description = "The exported policy, e.g. runs/<dir>/policy.onnx.")
    Path policy;

    @Option(names = "--env", paramLabel = "ID", description = "Env id (default: the env_id the policy was trained on).")
    String env;

    @Option(names = "--env-kwargs", paramLabel = "JSON", description = "Keyword arguments for gymnasium.make (default: the training ones).")
    String envKwargs;

    @Option(names = "--episodes", paramLabel = "N", defaultValue = "10", description = "Episodes to run (default: ${DEFAULT-VALUE}).")
    int episodes;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1000", description = "Seed of the first episode (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Print one JSON line instead of the table.")
    boolean json;

    @Override
    public Integer call() throws OrtException {
        if (!Files.isRegularFile(policy)) {
            throw new ConfigException("There is no policy file at " + policy + "; pass the policy.onnx of a finished run.");
        }
        if (episodes < 1) {
            throw new ConfigException("--episodes must be at least 1.");
        }
        try (PolicyEvaluator evaluator = new PolicyEvaluator(policy)) {
            String envId = env != null ? env : evaluator.metadata().get("env_id");
            if (envId == null) {
                throw new ConfigException(policy + " does not name its env (no env_id in its metadata); pass --env.");
            }
            String kwargs = envKwargs != null ? envKwargs : evaluator.metadata().getOrDefault("env_kwargs", "{}");
            PolicyEvaluator.Result result;
            try (VectorEnv envs = Environments.make(envId, kwargs, 1, 1)) {
                result = evaluator.evaluate(envs, episodes, seed);
            }
            double[] r = result.returns();
            double mean = Arrays.stream(r).average().orElse(Double.NaN);
            double std = Math.sqrt(Arrays.stream(r).map(x -> (x - mean) * (x - mean)).sum() / r.length);
            double[] sorted = r.clone();
            Arrays.sort(sorted);
            double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                    : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
            if (json) {
                System.out.printf(Locale.ROOT, "{\"env_id\":\"%s\",\"episodes\":%d,\"seed\":%d,\"returns\":%s,\"lengths\":%s,"
                        + "\"mean\":%s,\"std\":%s,\"min\":%s,\"max\":%s,\"median\":%s}%n", envId, episodes, seed,
                        Arrays.toString(r), Arrays.toString(result.lengths()), mean, std, sorted[0], sorted[sorted.length - 1], median);
            } else {
                System.out.printf(Locale.ROOT, "%-8s %-6s %12s %8s%n", "episode", "seed", "return", "length");
                for (int k = 0; k < r.length; k++) {
                    System.out.printf(Locale.ROOT, "%-8d %-6d %12.2f %8d%n", k, seed + k, r[k], result.lengths()[k]);
                }
                System.out.printf(Locale.ROOT, "%s over %d episodes: mean %.2f, std %.2f, min %.2f, median %.2f, max %.2f%n",
                        envId, episodes, mean, std, sorted[0], median, sorted[sorted.length - 1]);
            }
        }
        return 0;
    }
}
