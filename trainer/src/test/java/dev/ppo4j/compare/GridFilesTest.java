package dev.ppo4j.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppo4j.config.AlgorithmKind;
import dev.ppo4j.config.ConfigException;
import dev.ppo4j.config.TrainConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Grid files: the format, its errors (each naming the line and the fix), the built-in grids and shrinking. */
class GridFilesTest {
    private static final String EXAMPLE = """
            # a comment
            name = example
            description = two objectives
            envs = Hopper-v5, java:CartPole-v1
            seeds = 2
            steps = 1_000_000
            eval_episodes = 5

            [clip]
            description = clipping
            clip_range = 0.1

            [none]
            objective = none
            """;

    @TempDir
    Path temp;

    @Test
    void parsesFieldsAndVariantsInFileOrder() {
        Grid grid = GridFiles.parse(EXAMPLE, "example.grid");
        assertEquals("example", grid.name());
        assertEquals(List.of("Hopper-v5", "java:CartPole-v1"), grid.envs());
        assertEquals(List.of(1L, 2L), grid.seedList());
        assertEquals(1_000_000, grid.steps());
        assertEquals(5, grid.evalEpisodes());
        assertNull(grid.preset());
        assertNull(grid.reference());
        assertEquals(List.of("clip", "none"), grid.variants().stream().map(Variant::name).toList());
        assertEquals("clipping", grid.variants().get(0).description());
        assertEquals("none", grid.variants().get(1).description(), "a variant without a description is described by its name");
        assertEquals(Map.of("clip_range", "0.1"), grid.variants().get(0).overrides());
        assertEquals(8, grid.runCount());
    }

    @Test
    void writtenGridReadsBackEqual() {
        Grid grid = GridFiles.parse(EXAMPLE, "example.grid");
        assertEquals(grid, GridFiles.parse(GridFiles.write(grid), "written"));
        Grid table1 = GridFiles.load("paper-table1");
        assertEquals(table1, GridFiles.parse(GridFiles.write(table1), "written"));
    }

    @Test
    void builtInGridsMatchTheIssue() {
        Grid table1 = GridFiles.load("paper-table1");
        assertEquals(List.of("none", "clip-0.1", "clip-0.2", "clip-0.3", "kl-adaptive-0.003", "kl-adaptive-0.01", "kl-adaptive-0.03",
                "kl-fixed-0.3", "kl-fixed-1", "kl-fixed-3", "kl-fixed-10"), table1.variants().stream().map(Variant::name).toList());
        List<String> mujoco7 = List.of("HalfCheetah-v5", "Hopper-v5", "InvertedDoublePendulum-v5", "InvertedPendulum-v5", "Reacher-v5",
                "Swimmer-v5", "Walker2d-v5");
        assertEquals(mujoco7, table1.envs());
        assertEquals(3, table1.seeds());
        assertEquals(1_000_000, table1.steps());
        assertEquals(Grid.Reference.PAPER_TABLE1, table1.reference());
        assertEquals(Map.of("objective", "kl-adaptive", "kl_target", "0.003"), table1.variants().get(4).overrides());
        assertEquals(Map.of("objective", "kl-fixed", "kl_beta", "10"), table1.variants().get(10).overrides());

        Grid figure3 = GridFiles.load("paper-figure3");
        assertEquals(mujoco7, figure3.envs());
        assertEquals(List.of("ppo-clip", "trpo", "vpg-adaptive", "a2c", "a2c-trust-region", "cem"),
                figure3.variants().stream().map(Variant::name).toList());
        GridDirectory figure3Runs = GridDirectory.prepare(temp.resolve("figure3"), figure3);
        assertEquals(AlgorithmKind.PPO, figure3Runs.expectedConfig(figure3.variants().get(0), "Hopper-v5", 1).algorithm());
        assertEquals(2048, figure3Runs.expectedConfig(figure3.variants().get(0), "Hopper-v5", 1).batchSize(),
                "PPO-Clip keeps the mujoco preset");
        TrainConfig trpo = figure3Runs.expectedConfig(figure3.variants().get(1), "Hopper-v5", 1);
        assertEquals(AlgorithmKind.TRPO, trpo.algorithm());
        assertEquals(25, trpo.cgMaxSteps(), "the trpo variant starts from the trpo-mujoco preset");
        assertEquals(AlgorithmKind.VPG_ADAPTIVE, figure3Runs.expectedConfig(figure3.variants().get(2), "Walker2d-v5", 3).algorithm());
        TrainConfig a2c = figure3Runs.expectedConfig(figure3.variants().get(3), "Swimmer-v5", 2);
        assertEquals(AlgorithmKind.A2C, a2c.algorithm());
        assertEquals(5, a2c.batchSize(), "the a2c variant starts from the a2c-mujoco preset");
        TrainConfig trustRegion = figure3Runs.expectedConfig(figure3.variants().get(4), "Hopper-v5", 1);
        assertEquals(AlgorithmKind.A2C_TRUST_REGION, trustRegion.algorithm());
        assertEquals(a2c.batchSize(), trustRegion.batchSize(), "the a2c-trust-region-mujoco preset keeps A2C's settings");
        assertEquals(a2c.learningRate(), trustRegion.learningRate());
        assertEquals(1.0, trustRegion.trustRegionDelta());
        assertEquals(0.99, trustRegion.averagePolicyDecay());
        TrainConfig cem = figure3Runs.expectedConfig(figure3.variants().get(5), "Swimmer-v5", 2);
        assertEquals(AlgorithmKind.CEM, cem.algorithm());
        assertEquals(200, cem.cemPopulation(), "the cem variant starts from the cem-mujoco preset");

        Grid tricks = GridFiles.load("tricks");
        assertEquals("default", tricks.variants().get(0).name());
        assertTrue(tricks.variants().get(0).overrides().isEmpty(), "the baseline variant changes nothing");
        for (Variant v : tricks.variants().subList(1, tricks.variants().size())) {
            assertEquals(v.name().equals("entropy-schedule") ? 3 : v.name().equals("dual-clip") ? 2 : 1, v.overrides().size(),
                    "each trick switches one technique: " + v);
        }
    }

    /** The paper grids keep the paper's layout (Table 3: horizon 2048, one actor), so their finished runs stay reusable. */
    @Test
    void paperGridsKeepThePapersLayoutWhileTricksFollowsTheDefault() {
        Grid table1 = GridFiles.load("paper-table1");
        GridDirectory table1Runs = GridDirectory.prepare(temp.resolve("table1"), table1);
        for (Variant variant : table1.variants()) {
            assertEquals(List.of(1, 2048, 1, 1), layout(table1Runs.expectedConfig(variant, "Walker2d-v5", 3)), variant.name());
        }
        Grid figure3 = GridFiles.load("paper-figure3");
        GridDirectory figure3Runs = GridDirectory.prepare(temp.resolve("figure3"), figure3);
        assertEquals(List.of(1, 2048, 1, 1), layout(figure3Runs.expectedConfig(figure3.variants().get(0), "Hopper-v5", 1)));
        Grid tricks = GridFiles.load("tricks");
        GridDirectory tricksRuns = GridDirectory.prepare(temp.resolve("tricks"), tricks);
        assertEquals(List.of(8, 256, 2, 2), layout(tricksRuns.expectedConfig(tricks.variants().get(0), "Hopper-v5", 1)));
    }

    private static List<Integer> layout(TrainConfig config) {
        return List.of(config.numEnvs(), config.rolloutSteps(), config.numWorkers(), config.pipelineGroups());
    }

    @Test
    void everyBuiltInVariantIsAValidConfigOnEveryEnv() {
        for (String name : GridFiles.BUILT_IN) {
            Grid grid = GridFiles.load(name);
            GridDirectory directory = GridDirectory.prepare(temp.resolve(name), grid);
            for (Variant variant : grid.variants()) {
                for (String env : grid.envs()) {
                    assertEquals(env, directory.expectedConfig(variant, env, 2).envId());
                }
            }
        }
    }

    @Test
    void shrinkingKeepsTheGridAndRejectsUnknownVariantsWithASuggestion() {
        Grid table1 = GridFiles.load("paper-table1");
        Grid small = table1.withEnvs(List.of("Hopper-v5")).withSeeds(2).withSteps(100_000).withVariants(List.of("kl-fixed-1", "none"));
        assertEquals(List.of("kl-fixed-1", "none"), small.variants().stream().map(Variant::name).toList());
        assertEquals(2, small.runCount() / small.variants().size());
        GridException e = assertThrows(GridException.class, () -> table1.withVariants(List.of("clip0.2")));
        assertTrue(e.getMessage().contains("'clip0.2'") && e.getMessage().contains("did you mean 'clip-0.2'"), e.getMessage());
    }

    @Test
    void errorsNameTheLineAndTheFix() {
        assertMessage("name = g\nenvs = Hopper-v5\nsteep = 10\n[a]\n", "line 3", "'steep' is not a grid field", "did you mean 'steps'");
        assertMessage("name = g\nenvs = Hopper-v5\nsteps = 10\n[a]\nclip_rnage = 0.1\n", "line 5", "clip_rnage", "clip_range");
        assertMessage("name = g\nenvs = Hopper-v5\nsteps = 10\n[a]\n[a]\n", "line 5", "defined twice");
        assertMessage("name = g\nenvs = Hopper-v5\nsteps = 10\n[a b]\n", "line 4", "letters, digits");
        assertMessage("name = g\nenvs = Hopper-v5\nsteps = ten\n[a]\n", "'steps = ten' is not a whole number");
        assertMessage("envs = Hopper-v5\nsteps = 10\n[a]\n", "does not set 'name'");
        assertMessage("name = g\nenvs = Hopper-v5\nsteps = 10\n", "no variant", "[variant-name]");
        assertMessage("name = g\nenvs = Hopper-v5\nsteps = 10\nreference = table9\n[a]\n", "reference = table9 is unknown");
        assertMessage("name = g\nenvs = Hopper-v5\nsteps = 10\nseeds = 0\n[a]\n", "seeds = 0", "at least 1");
        assertMessage("name = g\nenvs = Hopper-v5\nsteps = 10\njust words\n", "line 4", "expected 'key = value'");
    }

    @Test
    void aVariantThatIsNotAValidConfigIsRejectedBeforeAnythingRuns() {
        Grid grid = GridFiles.parse("name = g\nenvs = Hopper-v5\nsteps = 100000\n[odd]\nminibatch_size = 100\n", "g.grid");
        GridException e = assertThrows(GridException.class, () -> GridDirectory.prepare(temp.resolve("g"), grid));
        assertTrue(e.getMessage().contains("[odd]") && e.getMessage().contains("Hopper-v5") && e.getMessage().contains("minibatch_size"),
                e.getMessage());
    }

    @Test
    void unknownGridNamesSuggestABuiltInOne() {
        GridException e = assertThrows(GridException.class, () -> GridFiles.load("paper-figure-3"));
        assertTrue(e.getMessage().contains("did you mean 'paper-figure3'"), e.getMessage());
    }

    private static void assertMessage(String text, String... fragments) {
        ConfigException e = assertThrows(ConfigException.class, () -> GridFiles.parse(text, "bad.grid"));
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), "'" + fragment + "' is not in: " + e.getMessage());
        }
    }
}
