package dev.ppo4j.compare;

import dev.ppo4j.util.CloseMatches;
import java.util.List;
import java.util.Locale;

/**
 * An experiment grid: every env × seed × variant is one training run. Read from a grid file
 * by {@link GridFiles}; the command line may shrink it with {@link #withSteps}, {@link #withSeeds},
 * {@link #withEnvs} and {@link #withVariants}.
 *
 * @param name the grid's name, used for the default output directory and the report's title
 * @param description one paragraph for the report
 * @param envs Gymnasium env ids (or {@code java:<id>}), in report order
 * @param seeds number of seeds; the runs use master seeds 1 … seeds
 * @param steps environment steps per run
 * @param preset the bundled preset every run starts from, or null to choose one by env
 * @param evalEpisodes episodes each final policy is evaluated for, with fixed evaluation seeds
 * @param reference the published results shown next to this grid's, or null
 * @param variants the variants, in report order
 */
public record Grid(String name, String description, List<String> envs, int seeds, long steps, String preset,
        int evalEpisodes, Reference reference, List<Variant> variants) {

    /** Published results a grid reproduces. */
    public enum Reference {
        /** The PPO paper's Table 1: average normalised score per objective. */
        PAPER_TABLE1,
        /** The PPO paper's Figure 3: PPO-Clip's return at 1M steps per env, read off the plot. */
        PAPER_FIGURE3;

        /** The name used in grid files, e.g. {@code paper-table1}. */
        public String fileName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** Validates the sizes; messages name the grid field and the fix. */
    public Grid {
        envs = List.copyOf(envs);
        variants = List.copyOf(variants);
        if (envs.isEmpty()) {
            throw new GridException("Grid " + name + " names no env; set 'envs = Hopper-v5, ...' or pass --envs.");
        }
        if (variants.isEmpty()) {
            throw new GridException("Grid " + name + " has no variant; add a [variant-name] section.");
        }
        if (seeds < 1) {
            throw new GridException("Grid " + name + " has seeds = " + seeds + "; it needs at least 1.");
        }
        if (steps < 1) {
            throw new GridException("Grid " + name + " has steps = " + steps + "; it needs a positive step count.");
        }
        if (evalEpisodes < 0) {
            throw new GridException("Grid " + name + " has eval_episodes = " + evalEpisodes + "; use 0 (no evaluation) or more.");
        }
        if (envs.stream().distinct().count() != envs.size()) {
            throw new GridException("Grid " + name + " lists an env twice: " + envs + ".");
        }
        if (variants.stream().map(Variant::name).distinct().count() != variants.size()) {
            throw new GridException("Grid " + name + " has two variants with the same name.");
        }
    }

    /** The master seeds 1 … seeds. */
    public List<Long> seedList() {
        return java.util.stream.LongStream.rangeClosed(1, seeds).boxed().toList();
    }

    /** Runs in this grid. */
    public int runCount() {
        return envs.size() * seeds * variants.size();
    }

    /** The same grid with another step budget per run. */
    public Grid withSteps(long newSteps) {
        return new Grid(name, description, envs, seeds, newSteps, preset, evalEpisodes, reference, variants);
    }

    /** The same grid with another number of seeds. */
    public Grid withSeeds(int newSeeds) {
        return new Grid(name, description, envs, newSeeds, steps, preset, evalEpisodes, reference, variants);
    }

    /** The same grid on other envs. */
    public Grid withEnvs(List<String> newEnvs) {
        return new Grid(name, description, newEnvs, seeds, steps, preset, evalEpisodes, reference, variants);
    }

    /** The same grid with other evaluation episodes. */
    public Grid withEvalEpisodes(int episodes) {
        return new Grid(name, description, envs, seeds, steps, preset, episodes, reference, variants);
    }

    /**
     * The same grid restricted to the named variants, in the order given.
     *
     * @throws GridException naming an unknown variant and the closest known one
     */
    public Grid withVariants(List<String> names) {
        List<Variant> chosen = new java.util.ArrayList<>();
        for (String wanted : names) {
            chosen.add(variants.stream().filter(v -> v.name().equals(wanted)).findFirst()
                    .orElseThrow(() -> new GridException("Grid " + name + " has no variant '" + wanted + "'"
                            + didYouMean(wanted, variants.stream().map(Variant::name).toList()) + "; --list prints its variants.")));
        }
        return new Grid(name, description, envs, seeds, steps, preset, evalEpisodes, reference, chosen);
    }

    /** {@code "; did you mean 'x'"} for the closest candidate, or nothing when none is close. */
    static String didYouMean(String wanted, List<String> candidates) {
        List<String> close = CloseMatches.among(wanted, candidates, 1);
        return close.isEmpty() ? "" : " (did you mean '" + close.get(0) + "'?)";
    }
}
