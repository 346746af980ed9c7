package dev.ppo4j.cli;

import dev.ppo4j.bridge.PythonVectorEnv;
import dev.ppo4j.bridge.WorkerWait;
import dev.ppo4j.compare.TrainerCommand;
import dev.ppo4j.config.ConfigException;
import dev.ppo4j.config.TrainConfig;
import dev.ppo4j.env.EnvSeeding;
import dev.ppo4j.env.VectorEnv;
import dev.ppo4j.env.local.JavaEnvs;
import dev.ppo4j.env.local.SyncVectorEnv;
import java.time.Duration;
import java.util.function.UnaryOperator;

/** Makes the vector env a config names: pure-Java envs in-process, Gymnasium envs in Python workers. */
final class Environments {
    private Environments() {}

    /**
     * The envs for a training run: Python workers get the config's step deadline, NaN policy and
     * way of waiting (blocking when a grid runs this run among others and the config leaves it to auto).
     */
    static VectorEnv make(TrainConfig config) {
        WorkerWait wait = TrainerCommand.runningAmongOtherRuns() ? config.workerWait().amongOtherRuns() : config.workerWait();
        return make(config.envId(), config.envKwargs(), config.numEnvs(), config.workersUsed(), config.envSeeding(),
                config.pipelineGroups(), workers -> workers.callTimeout(Duration.ofSeconds(config.workerTimeout()))
                        .nonFinitePolicy(config.nonFinite()).workerWait(wait));
    }

    /** {@code numEnvs} copies of env {@code envId} ({@code java:<id>} for a pure-Java env), dynamically seeded. */
    static VectorEnv make(String envId, String envKwargs, int numEnvs, int numWorkers) {
        return make(envId, envKwargs, numEnvs, numWorkers, EnvSeeding.DYNAMIC, 1);
    }

    /**
     * {@code numEnvs} copies of env {@code envId} ({@code java:<id>} for a pure-Java env) in
     * {@code groups} pipelining groups, each group's envs spread over the workers.
     */
    static VectorEnv make(String envId, String envKwargs, int numEnvs, int numWorkers, EnvSeeding seeding, int groups) {
        return make(envId, envKwargs, numEnvs, numWorkers, seeding, groups, UnaryOperator.identity());
    }

    private static VectorEnv make(String envId, String envKwargs, int numEnvs, int numWorkers, EnvSeeding seeding, int groups,
            UnaryOperator<PythonVectorEnv.Builder> workerSettings) {
        if (JavaEnvs.namesJavaEnv(envId)) {
            if (!envKwargs.replaceAll("\\s", "").equals("{}")) {
                throw new ConfigException("Pure-Java envs take no keyword arguments; drop env_kwargs for " + envId + ".");
            }
            return new SyncVectorEnv(JavaEnvs.factory(JavaEnvs.gymnasiumId(envId)), numEnvs, seeding, groups);
        }
        return workerSettings.apply(PythonVectorEnv.builder(envId).kwargs(envKwargs).numEnvs(numEnvs).groups(groups)
                .workers(numWorkers).seeding(seeding)).build();
    }
}
