package dev.ppo4j.cli;

import dev.ppo4j.bridge.EnvBenchmark;
import dev.ppo4j.bridge.PythonRuntime;
import dev.ppo4j.bridge.Transport;
import dev.ppo4j.bridge.WorkerWait;
import dev.ppo4j.env.EnvException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./ppo4j bench env}: env steps/s through the bridge next to the same envs stepped directly in Python. */
@Command(name = "env", mixinStandardHelpOptions = true,
        description = {"Compare env steps/s through the bridge with the same envs stepped directly in Python.",
            "Steps envs with random actions both ways (W processes, same run) and prints both steps/s and their ratio."
                    + " Rounds alternate; medians are reported."})
final class BenchEnvCommand implements Callable<Integer> {
    @Option(names = "--env", defaultValue = "Hopper-v5", description = "Gymnasium env id (default: ${DEFAULT-VALUE}).")
    String env;

    @Option(names = "--kwargs", defaultValue = "{}", description = "gymnasium.make keyword arguments as JSON (default: ${DEFAULT-VALUE}).")
    String kwargs;

    @Option(names = "--envs", defaultValue = "8", description = "Number of envs N (default: ${DEFAULT-VALUE}).")
    int envs;

    @Option(names = "--workers", defaultValue = "2", description = "Worker processes W, and direct processes (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--groups", defaultValue = "2",
            description = "Pipelining groups G: the workers step one group while Java handles another, through "
                    + "PythonVectorEnv.stepAsync/stepWait (default: ${DEFAULT-VALUE}); 1 measures the synchronous VectorEnv.step.")
    int groups;

    @Option(names = "--steps", defaultValue = "2000", description = "Vector steps per round (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--rounds", defaultValue = "3", description = "Rounds of each kind (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--transport", defaultValue = "SHARED_MEMORY",
            description = "Per-step data path: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Transport transport;

    @Option(names = "--worker-wait", defaultValue = "AUTO",
            description = "How the JVM and the workers wait for each other: ${COMPLETION-CANDIDATES} (config key worker_wait;"
                    + " default: ${DEFAULT-VALUE}, which blocks when the workers and the JVM outnumber the cores).")
    WorkerWait workerWait;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of envs and random actions (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Print one JSON line (bridge_sps, direct_sps, ratio, ...) instead of text.")
    boolean json;

    @Override
    public Integer call() {
        try {
            EnvBenchmark.Result result = EnvBenchmark.run(
                    new EnvBenchmark.Config(env, kwargs, envs, workers, groups, steps, rounds, transport, seed, workerWait), PythonRuntime.locate());
            System.out.println(json ? result.toJson() : result.toText());
            return 0;
        } catch (EnvException | IllegalArgumentException e) {
            System.err.println("ppo4j bench env: " + e.getMessage());
            return 1;
        }
    }
}
