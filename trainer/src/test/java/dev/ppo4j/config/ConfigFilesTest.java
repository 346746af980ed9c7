package dev.ppo4j.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppo4j.engine.Objective;
import dev.ppo4j.env.EnvSeeding;
import dev.ppo4j.model.Activation;
import dev.ppo4j.train.RunDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

class ConfigFilesTest {

    @Test
    void mujocoPresetIsThePapersSetting() {
        TrainConfig c = ConfigFiles.resolve(ConfigFiles.preset("mujoco"));
        assertEquals("Hopper-v5", c.envId());
        assertEquals(1_000_000, c.totalSteps());
        assertEquals(2048, c.batchSize());
        assertEquals(32, c.numMinibatches());
        assertEquals(488, c.numUpdates());
        assertEquals(10, c.epochs());
        assertEquals(3e-4, c.learningRate());
        assertEquals(Schedule.LINEAR, c.learningRateSchedule());
        assertEquals(0.99, c.gamma());
        assertEquals(0.95, c.gaeLambda());
        assertEquals(Objective.CLIP, c.objective());
        assertEquals(0.2, c.clipRange());
        assertTrue(c.valueClip());
        assertNull(c.valueClipRange());
        assertEquals(0.0, c.entCoef());
        assertEquals(0.5, c.maxGradNorm());
        assertEquals(List.of(64, 64), c.hiddenSizes());
        assertTrue(c.orthogonalInit() && c.normalizeObservations() && c.normalizeRewards());
        assertEquals(List.of(8, 256, 2, 2), List.of(c.numEnvs(), c.rolloutSteps(), c.numWorkers(), c.pipelineGroups()),
                "the default layout: 8 envs x 256 steps in 2 pipelined workers");
    }

    @Test
    void mujocoPaperPresetIsTheMujocoPresetWithThePapersLayout() {
        TrainConfig paper = ConfigFiles.resolve(ConfigFiles.preset("mujoco-paper"));
        assertEquals(List.of(1, 2048, 1, 1), List.of(paper.numEnvs(), paper.rolloutSteps(), paper.numWorkers(), paper.pipelineGroups()));
        assertEquals(paper, ConfigFiles.resolve(ConfigFiles.preset("mujoco"), Map.of("num_envs", "1", "rollout_steps", "2048",
                "num_workers", "1", "pipeline_groups", "1")));
    }

    @Test
    void oneEnvOnTheMujocoPresetNamesThePipelineGroupsFix() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigFiles.resolve(ConfigFiles.preset("mujoco"), Map.of("num_envs", "1", "rollout_steps", "2048")));
        assertTrue(e.getMessage().startsWith("Config field pipeline_groups (2) must be a positive divisor of num_envs (1)"), e.getMessage());
        assertTrue(e.getMessage().contains("set pipeline_groups = 1"), e.getMessage());
    }

    @Test
    void everyPresetResolvesAndWrittenConfigsReadBackEqual(@TempDir Path dir) throws Exception {
        for (String name : ConfigFiles.PRESETS) {
            TrainConfig c = ConfigFiles.resolve(ConfigFiles.preset(name));
            Path file = dir.resolve(name + ".properties");
            Files.writeString(file, ConfigFiles.write(c));
            assertEquals(c, ConfigFiles.resolve(ConfigFiles.file(file)));
        }
    }

    @Test
    void aNamedPresetKeepsItsEnvUnlessALayerNamesAnother() {
        assertEquals("java:CartPole-v1", ConfigFiles.layered("a2c-cartpole", Map.of(), Map.of(), Map.of()).envId());
        assertEquals("Hopper-v5", ConfigFiles.layered(null, Map.of(), Map.of(), Map.of()).envId());
        assertEquals("java:Pendulum-v1",
                ConfigFiles.layered("cartpole", Map.of(), Map.of(), Map.of("env_id", "java:Pendulum-v1")).envId());
        assertEquals("java:CartPole-v1",
                ConfigFiles.layered(null, Map.of(), Map.of(), Map.of("env_id", "java:CartPole-v1", "algorithm", "a2c")).envId());
    }

    @Test
    void overridesWinAndSpecialValuesParse() {
        TrainConfig c = ConfigFiles.resolve(ConfigFiles.preset("mujoco"),
                ConfigFiles.overrides(List.of("objective=kl-adaptive", "max_grad_norm=inf", "target_kl=0.02",
                        "value_clip_range=0.5", "hidden_sizes=32, 16", "total_steps=4_096")));
        assertEquals(Objective.KL_ADAPTIVE, c.objective());
        assertEquals(Double.POSITIVE_INFINITY, c.maxGradNorm());
        assertEquals(0.02, c.targetKl());
        assertEquals(0.5, c.valueClipRange());
        assertEquals(List.of(32, 16), c.hiddenSizes());
        assertEquals(2, c.numUpdates());
    }

    @Test
    void badValuesNameTheFieldAndTheFix() {
        Map<String, String> base = ConfigFiles.preset("mujoco");
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigFiles.resolve(base, ConfigFiles.overrides(List.of("minibatch_size=100"))));
        assertTrue(e.getMessage().contains("minibatch_size") && e.getMessage().contains("2048"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> ConfigFiles.overrides(List.of("clip_rang=0.1")));
        assertTrue(e.getMessage().contains("did you mean 'clip_range'"), e.getMessage());
        e = assertThrows(ConfigException.class,
                () -> ConfigFiles.resolve(base, ConfigFiles.overrides(List.of("gamma=1.5"))));
        assertTrue(e.getMessage().startsWith("Config field gamma"), e.getMessage());
        e = assertThrows(ConfigException.class,
                () -> ConfigFiles.resolve(base, ConfigFiles.overrides(List.of("epochs=ten"))));
        assertTrue(e.getMessage().contains("epochs") && e.getMessage().contains("whole number"), e.getMessage());
        e = assertThrows(ConfigException.class,
                () -> ConfigFiles.resolve(base, ConfigFiles.overrides(List.of("objective=trpo"))));
        assertTrue(e.getMessage().contains("dual-clip"), e.getMessage());
        e = assertThrows(ConfigException.class,
                () -> ConfigFiles.resolve(base, ConfigFiles.overrides(List.of("ent_coef_schedule=exponential"))));
        assertTrue(e.getMessage().contains("use linear"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> ConfigFiles.overrides(List.of("seed")));
        assertTrue(e.getMessage().contains("key=value"), e.getMessage());
    }

    @Test
    void envSeedingIsDynamicByDefaultAcceptsStaticAndRejectsOtherValuesByName() {
        for (String name : ConfigFiles.PRESETS) {
            assertEquals(EnvSeeding.DYNAMIC, ConfigFiles.resolve(ConfigFiles.preset(name)).envSeeding(), name);
        }
        Map<String, String> base = ConfigFiles.preset("cartpole");
        TrainConfig c = ConfigFiles.resolve(base, ConfigFiles.overrides(List.of("env_seeding=static")));
        assertEquals(EnvSeeding.STATIC, c.envSeeding());
        assertEquals("static", ConfigFiles.asMap(c).get("env_seeding"));
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigFiles.resolve(base, ConfigFiles.overrides(List.of("env_seeding=foo"))));
        assertTrue(e.getMessage().startsWith("Config field env_seeding") && e.getMessage().contains("'foo'")
                && e.getMessage().contains("dynamic or static"), e.getMessage());
    }

    @Test
    void runDirectoriesWrittenBeforeEnvSeedingExistedResumeDynamicallySeeded(@TempDir Path dir) throws Exception {
        String written = ConfigFiles.write(ConfigFiles.resolve(ConfigFiles.preset("cartpole")));
        String old = written.replaceAll("(?m)^# seeding of later episodes.*\\n|^env_seeding = .*\\n", "");
        assertTrue(!old.contains("env_seeding"), old);
        Files.writeString(dir.resolve(RunDirectory.CONFIG_FILE), old);
        assertEquals(EnvSeeding.DYNAMIC, RunDirectory.open(dir).config().envSeeding());
    }

    @Test
    void keysNoLayerSetsTakeTheirDeclaredDefaults() {
        TrainConfig defaults = ConfigFiles.resolve();
        assertEquals(ConfigFiles.resolve(ConfigFiles.preset("mujoco-paper")), defaults, "the defaults are the mujoco-paper preset");
        Map<String, String> withoutActivation = new java.util.HashMap<>(ConfigFiles.preset("cartpole"));
        withoutActivation.remove("activation");
        assertEquals(Activation.TANH, ConfigFiles.resolve(withoutActivation).activation());
    }

    @Test
    void enumFieldsAcceptTheirConstantsByConfigNameAndListThemWhenWrong() {
        Map<String, String> base = ConfigFiles.preset("cartpole");
        assertEquals(Activation.RELU, ConfigFiles.resolve(base, ConfigFiles.overrides(List.of("activation=ReLU"))).activation());
        assertEquals(Objective.KL_FIXED, ConfigFiles.resolve(base, ConfigFiles.overrides(List.of("objective=kl_fixed"))).objective());
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigFiles.resolve(base, ConfigFiles.overrides(List.of("activation=gelu"))));
        assertEquals("Config field activation has the value 'gelu', which is not tanh or relu.", e.getMessage());
        assertTrue(ConfigFiles.describe(ConfigFiles.resolve(base)).contains("policy objective: clip, dual-clip, kl-adaptive,"
                + " kl-fixed or none"), "enum docs list the constants");
    }

    @Test
    void garbageInAConfigFileIsNamedByLineWithItsControlBytesEscaped(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("garbage.properties"), "clip_range = 0.1\n\u0001\u0002junk\u001b[31m = 3\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigFiles.file(file));
        assertTrue(e.getMessage().contains(file + " line 2") && e.getMessage().contains("'\\u0001\\u0002junk\\u001B[31m = 3'"),
                e.getMessage());
        assertTrue(e.getMessage().chars().noneMatch(Character::isISOControl), "raw control characters in: " + e.getMessage());

        Files.writeString(file, "# a comment\n\nclip_range 0.1\n");
        e = assertThrows(ConfigException.class, () -> ConfigFiles.file(file));
        assertEquals(file + " line 3: expected 'key = value'; got 'clip_range 0.1'.", e.getMessage());

        Files.writeString(file, "clip_range = 0.1\nclip_range = 0.2\n");
        e = assertThrows(ConfigException.class, () -> ConfigFiles.file(file));
        assertTrue(e.getMessage().startsWith(file + " line 2: 'clip_range' is set a second time"), e.getMessage());

        Files.writeString(file, "clip_range = 0.1\u0007\n");
        e = assertThrows(ConfigException.class, () -> ConfigFiles.file(file));
        assertTrue(e.getMessage().startsWith(file + " line 1 holds characters that are not text: 'clip_range = 0.1\\u0007'"),
                e.getMessage());
    }

    @Test
    void aBinaryConfigFileIsNotTextAndTheMessageSaysSoNotThatThePathIsWrong(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("policy.onnx"), new byte[] {'a', '=', '1', '\n', 0x08, 0x08, (byte) 0xC3, 0x28, 0x00});
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigFiles.file(file));
        assertEquals(file + " is not a text file: line 2 holds the byte 0xC3, which a UTF-8 text file does not hold. A config"
                + " file holds 'key = value' lines (./ppo4j train --list-config shows every key); check that this is the file you meant.",
                e.getMessage());
        Files.write(file, new byte[] {'a', 0x00});
        e = assertThrows(ConfigException.class, () -> ConfigFiles.file(file));
        assertTrue(e.getMessage().contains("line 1 holds the byte 0x00"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> ConfigFiles.file(dir.resolve("missing.properties")));
        assertEquals("There is no config file " + dir.resolve("missing.properties") + "; check the path given to --config.",
                e.getMessage());
    }

    @Test
    void unsetValueClipRangeIsWrittenAndListedAsAutoAndTargetKlAsOff(@TempDir Path dir) throws Exception {
        TrainConfig c = ConfigFiles.resolve(ConfigFiles.preset("mujoco"));
        assertNull(c.valueClipRange());
        assertTrue(ConfigFiles.write(c).contains("\nvalue_clip_range = auto\n"), ConfigFiles.write(c));
        assertTrue(ConfigFiles.write(c).contains("\ntarget_kl = off\n"), ConfigFiles.write(c));
        assertEquals("auto", ConfigFiles.asMap(c).get("value_clip_range"));
        assertTrue(ConfigFiles.describe(c).lines().anyMatch(l -> l.matches("value_clip_range +auto .*")), ConfigFiles.describe(c));
        // run directories written before say 'off', which meant the same
        Path old = Files.writeString(dir.resolve("old.properties"), "value_clip_range = off\n");
        assertNull(ConfigFiles.resolve(ConfigFiles.file(old)).valueClipRange());
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigFiles.resolve(ConfigFiles.overrides(List.of("value_clip_range=none"))));
        assertTrue(e.getMessage().endsWith("which is not a number or 'auto'."), e.getMessage());
    }

    @Test
    void stableBaselinesAndCleanRlNamesAreAliasesInSetConfigFilesAndGridVariants(@TempDir Path dir) throws Exception {
        Map<String, String> set = ConfigFiles.overrides(List.of("n_steps=128", "batch_size=32", "n_epochs=4",
                "total_timesteps=4096", "clip_range_vf=0.3", "norm_adv=false", "clip_coef=0.1"));
        TrainConfig c = ConfigFiles.layered("cartpole", Map.of(), set, Map.of());
        assertEquals(128, c.rolloutSteps());
        assertEquals(32, c.minibatchSize());
        assertEquals(4, c.epochs());
        assertEquals(4096, c.totalSteps());
        assertEquals(0.3, c.valueClipRange());
        assertEquals(0.1, c.clipRange());
        assertTrue(!c.normalizeAdvantages());

        Path file = Files.writeString(dir.resolve("sb3.properties"), "num_steps = 64\nupdate_epochs = 3   # CleanRL\n");
        assertEquals(Map.of("rollout_steps", "64", "epochs", "3"), ConfigFiles.file(file));
        Files.writeString(file, "rollout_steps = 64\nn_steps = 128\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigFiles.file(file));
        assertTrue(e.getMessage().startsWith(file + " line 2: 'rollout_steps' is set a second time (as n_steps)"), e.getMessage());

        // a grid variant's raw overrides go straight to resolve
        assertEquals(256, ConfigFiles.layered("cartpole", Map.of("n_steps", "256"), Map.of(), Map.of()).rolloutSteps());
        assertTrue(ConfigFiles.describe(c).lines().anyMatch(l -> l.startsWith("rollout_steps ") && l.endsWith("(also: n_steps, num_steps)")),
                ConfigFiles.describe(c));
        for (Map.Entry<String, String> alias : ConfigFiles.ALIASES.entrySet()) {
            assertTrue(ConfigFiles.keys().contains(alias.getValue()), alias + " names no config key");
            assertTrue(!ConfigFiles.keys().contains(alias.getKey()), alias.getKey() + " is a config key of its own");
        }
    }

    @Test
    void smallAndLargeNumbersAreWrittenAsThePresetsWriteThemAndReadBackExactly() {
        TrainConfig c = ConfigFiles.resolve(ConfigFiles.preset("mujoco"), ConfigFiles.overrides(List.of("ent_coef=2.5e-5",
                "learning_rate=1.2345678901234567e-4", "kl_target=1e20")));
        String listed = ConfigFiles.describe(c);
        assertTrue(listed.lines().anyMatch(l -> l.matches("learning_rate +1\\.2345678901234567e-4 .*")), listed);
        assertTrue(listed.lines().anyMatch(l -> l.matches("adam_eps +1e-5 .*")), listed);
        assertTrue(listed.lines().anyMatch(l -> l.matches("ent_coef +2\\.5e-5 .*")), listed);
        assertTrue(listed.lines().anyMatch(l -> l.matches("kl_target +1e20 .*")), listed);
        assertTrue(listed.lines().anyMatch(l -> l.matches("gamma +0\\.99 .*")), listed);
        assertTrue(!listed.contains("E-") && !ConfigFiles.write(c).contains("E-"), listed);
        assertEquals(c, ConfigFiles.resolve(ConfigFiles.asMap(c)), "the written numbers do not read back to the same config");
        assertEquals("inf", ConfigFiles.formatNumber(Double.POSITIVE_INFINITY));
        assertEquals("-3e-300", ConfigFiles.formatNumber(-3e-300));
    }
}
