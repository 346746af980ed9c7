package dev.ppo4j.cli;

import dev.ppo4j.bridge.PythonVectorEnv;
import dev.ppo4j.config.ConfigException;
import dev.ppo4j.config.TrainConfig;
import dev.ppo4j.env.EnvSeeding;
import dev.ppo4j.env.VectorEnv;
import dev.ppo4j.env.local.JavaEnvs;
import dev.ppo4j.env.local.SyncVectorEnv;
import java.time.Duration;

/** Makes the vector env a config names: pure-Java envs in-process, Gymnasium envs in Python workers. */
final class Environments {
    private Environments() {}

    /** The envs for a training run: Python workers get the config's step deadline and NaN policy. */
    static VectorEnv make(TrainConfig config) {
        if (config.isJavaEnv()) {
            return make(config.envId(), config.envKwargs(), config.numEnvs(), config.numWorkers(), config.envSeeding());
        }
        return workers(config.envId(), config.envKwargs(), config.numEnvs(), config.numWorkers(), config.envSeeding())
                .callTimeout(Duration.ofSeconds(config.workerTimeout())).nonFinitePolicy(config.nonFinite()).build();
    }

    /** {@code numEnvs} copies of env {@code envId} ({@code java:<id>} for a pure-Java env), dynamically seeded. */
    static VectorEnv make(String envId, String envKwargs, int numEnvs, int numWorkers) {
        return make(envId, envKwargs, numEnvs, numWorkers, EnvSeeding.DYNAMIC);
    }

    /** {@code numEnvs} copies of env {@code envId} ({@code java:<id>} for a pure-Java env). */
    static VectorEnv make(String envId, String envKwargs, int numEnvs, int numWorkers, EnvSeeding seeding) {
        if (JavaEnvs.namesJavaEnv(envId)) {
            if (!envKwargs.replaceAll("\\s", "").equals("{}")) {
                throw new ConfigException("Pure-Java envs take no keyword arguments; drop env_kwargs for " + envId + ".");
            }
            return new SyncVectorEnv(JavaEnvs.factory(JavaEnvs.gymnasiumId(envId)), numEnvs, seeding);
        }
        return workers(envId, envKwargs, numEnvs, numWorkers, seeding).build();
    }

    private static PythonVectorEnv.Builder workers(String envId, String envKwargs, int numEnvs, int numWorkers, EnvSeeding seeding) {
        return PythonVectorEnv.builder(envId).kwargs(envKwargs).numEnvs(numEnvs).workers(Math.min(numWorkers, numEnvs)).seeding(seeding);
    }
}
