package dev.ppo4j.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsLoggerTest {
    @TempDir
    Path runDir;

    private static Map<String, Double> updateScalars(int update) {
        Map<String, Double> scalars = new LinkedHashMap<>();
        scalars.put(MetricKeys.APPROX_KL, 0.01 * (update + 1));
        scalars.put(MetricKeys.CLIP_FRACTION, 0.1 + 0.05 * update);
        scalars.put(MetricKeys.LEARNING_RATE, 3e-4 * (1.0 - update / 10.0));
        scalars.put(MetricKeys.FPS, 2000.0 + update);
        return scalars;
    }

    private JsonObject readWithTensorBoard() throws Exception {
        return readWithTensorBoard("event");
    }

    /** The run directory's scalars as one of TensorBoard's accumulators reads them: event or plugin (its server's). */
    private JsonObject readWithTensorBoard(String accumulator) throws Exception {
        return JsonParser.parseString(VenvPython.runModule("ppo4j_testing.read_events", "--accumulator", accumulator,
                runDir.toString())).getAsJsonObject();
    }

    @Test
    void tensorBoardReadsEveryScalarAndEpisodeAtItsStep() throws Exception {
        try (MetricsLogger logger = MetricsLogger.create(runDir, "CartPole-v1", 7)) {
            logger.logEpisode(1500, 21.5, 22);
            logger.logEpisode(1900, 40.0, 40);
            logger.logUpdate(2048, updateScalars(0));
            // What is logged is on disk at once: TensorBoard follows a live run, a killed run keeps it.
            JsonObject whileRunning = readWithTensorBoard().getAsJsonObject("scalars");
            assertEquals(1, whileRunning.getAsJsonArray(MetricKeys.APPROX_KL).size());
            assertEquals(2, whileRunning.getAsJsonArray(MetricKeys.EPISODIC_RETURN).size());
            logger.logEpisode(3000, 60.0, 61);
            logger.logUpdate(4096, updateScalars(1));
        }

        JsonObject read = readWithTensorBoard();
        assertEquals(2.0, read.get("file_version").getAsDouble());
        JsonObject scalars = read.getAsJsonObject("scalars");
        assertEquals(Stream.of(MetricKeys.APPROX_KL, MetricKeys.CLIP_FRACTION, MetricKeys.LEARNING_RATE,
                        MetricKeys.FPS, MetricKeys.EPISODIC_RETURN,
                        MetricKeys.EPISODIC_LENGTH).sorted().toList(),
                scalars.keySet().stream().sorted().toList());

        for (int update = 0; update < 2; update++) {
            for (Map.Entry<String, Double> expected : updateScalars(update).entrySet()) {
                JsonObject point = scalars.getAsJsonArray(expected.getKey()).get(update).getAsJsonObject();
                assertEquals(2048L * (update + 1), point.get("step").getAsLong(), expected.getKey());
                assertEquals((float) expected.getValue().doubleValue(), point.get("value").getAsFloat(),
                        expected.getKey());
            }
        }
        assertPoints(scalars.getAsJsonArray(MetricKeys.EPISODIC_RETURN),
                new long[] {1500, 1900, 3000}, new double[] {21.5, 40.0, 60.0});
        assertPoints(scalars.getAsJsonArray(MetricKeys.EPISODIC_LENGTH),
                new long[] {1500, 1900, 3000}, new double[] {22, 40, 61});
    }

    private static void assertPoints(JsonArray points, long[] steps, double[] values) {
        assertEquals(steps.length, points.size());
        for (int i = 0; i < steps.length; i++) {
            JsonObject point = points.get(i).getAsJsonObject();
            assertEquals(steps[i], point.get("step").getAsLong());
            assertEquals((float) values[i], point.get("value").getAsFloat());
        }
    }

    @Test
    void csvKeepsFirstSeenOrderAndWidensForLaterKeys() throws IOException {
        try (MetricsLogger logger = MetricsLogger.create(runDir, "Hopper-v5", 1)) {
            Map<String, Double> first = new LinkedHashMap<>();
            first.put(MetricKeys.VALUE_LOSS, 0.5);
            first.put(MetricKeys.APPROX_KL, 0.25);
            logger.logUpdate(2048, first);
            logger.logEpisode(3000, 12.0, 100);
            Map<String, Double> second = new LinkedHashMap<>();
            second.put(MetricKeys.APPROX_KL, 0.125);
            second.put(MetricKeys.GRAD_NORM, 1.5);
            logger.logUpdate(4096, second);
            // A killed run keeps its rows: they are on disk before close.
            assertEquals(3, Files.readAllLines(runDir.resolve(MetricsLogger.METRICS_CSV)).size());
        }
        List<String> lines = Files.readAllLines(runDir.resolve(MetricsLogger.METRICS_CSV), StandardCharsets.UTF_8);
        assertEquals(List.of(
                "global_step,train/value_loss,train/approx_kl,train/grad_norm",
                "2048,0.5,0.25,",
                "4096,,0.125,1.5"), lines);
        assertEquals(List.of("global_step,return,length", "3000,12.0,100"),
                Files.readAllLines(runDir.resolve(MetricsLogger.EPISODES_CSV), StandardCharsets.UTF_8));
    }

    @Test
    void countsAndEpisodeLengthsAreWrittenAsWholeNumbersOtherValuesAsBefore() throws IOException {
        try (MetricsLogger logger = MetricsLogger.create(runDir, "Hopper-v5", 1)) {
            Map<String, Double> scalars = new LinkedHashMap<>();
            scalars.put(MetricKeys.EPOCHS, 10.0);
            scalars.put(MetricKeys.N_UPDATES, 30.0);
            scalars.put(MetricKeys.EP_LEN_MEAN, 11.0);
            scalars.put(MetricKeys.CLIP_RANGE, 0.2);
            logger.logUpdate(2048, scalars);
            logger.logEpisode(3000, 11.0, 11);
        }
        assertEquals(List.of("global_step,train/epochs,train/n_updates,rollout/ep_len_mean,train/clip_range", "2048,10,30,11.0,0.2"),
                Files.readAllLines(runDir.resolve(MetricsLogger.METRICS_CSV), StandardCharsets.UTF_8));
        assertEquals(List.of("global_step,return,length", "3000,11.0,11"),
                Files.readAllLines(runDir.resolve(MetricsLogger.EPISODES_CSV), StandardCharsets.UTF_8));
        try (MetricsLogger resumed = MetricsLogger.resume(runDir, "Hopper-v5", 1, 3000)) {
            resumed.logEpisode(4000, 7.0, 7);
        }
        assertEquals("4000,7.0,7", Files.readAllLines(runDir.resolve(MetricsLogger.EPISODES_CSV), StandardCharsets.UTF_8).get(2));
    }

    @Test
    void learningCurveIsAReadablePng() throws IOException {
        Path png = runDir.resolve(MetricsLogger.LEARNING_CURVE_PNG);
        try (MetricsLogger logger = MetricsLogger.create(runDir, "Hopper-v5", 3)) {
            logger.writeLearningCurve();
            assertImageSize(png);
            for (int episode = 0; episode < 300; episode++) {
                logger.logEpisode(1000L * (episode + 1), Math.sqrt(episode) * 100 + (episode % 7) * 20, 500);
            }
            logger.writeLearningCurve();
        }
        assertImageSize(png);
        assertFalse(Files.exists(runDir.resolve(MetricsLogger.LEARNING_CURVE_PNG + ".tmp")));
    }

    private static void assertImageSize(Path png) throws IOException {
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(LearningCurvePlot.WIDTH, image.getWidth());
        assertEquals(LearningCurvePlot.HEIGHT, image.getHeight());
    }

    @Test
    void resumeDropsRowsAfterTheCheckpointAndKeepsEarlierEpisodes() throws Exception {
        try (MetricsLogger logger = MetricsLogger.create(runDir, "CartPole-v1", 5)) {
            for (int update = 0; update < 4; update++) {
                logger.logEpisode(2048L * update + 1000, 10.0 * (update + 1), 10 * (update + 1));
                logger.logUpdate(2048L * (update + 1), updateScalars(update));
            }
        }
        // A kill in the middle of writing a row leaves it cut short.
        Files.writeString(runDir.resolve(MetricsLogger.METRICS_CSV), "10240,0.0", StandardOpenOption.APPEND);
        try (MetricsLogger resumed = MetricsLogger.resume(runDir, "CartPole-v1", 5, 4096)) {
            assertEquals(2, resumed.episodeCount());
            resumed.logUpdate(6144, updateScalars(2));
        }
        List<String> rows = Files.readAllLines(runDir.resolve(MetricsLogger.METRICS_CSV));
        assertEquals(List.of("2048", "4096", "6144"),
                rows.subList(1, rows.size()).stream().map(row -> row.substring(0, row.indexOf(','))).toList());
        try (Stream<Path> files = Files.list(runDir)) {
            assertEquals(2, files.filter(f -> f.getFileName().toString()
                    .startsWith(TensorBoardEventWriter.FILE_PREFIX)).count());
        }
    }

    /** TensorBoard's reader drops the points after the checkpoint when it meets the resumed run's purge marker. */
    @Test
    void tensorBoardShowsTheResumedPointsInsteadOfTheStaleOnes() throws Exception {
        try (MetricsLogger logger = MetricsLogger.create(runDir, "CartPole-v1", 5)) {
            for (int update = 0; update < 4; update++) {
                logger.logEpisode(2048L * update + 1000, 10.0 * (update + 1), 10);
                logger.logUpdate(2048L * (update + 1), updateScalars(update));
            }
        }
        try (MetricsLogger resumed = MetricsLogger.resume(runDir, "CartPole-v1", 5, 4096)) {
            resumed.logEpisode(5000, 99.0, 10);
            resumed.logUpdate(6144, updateScalars(7));
        }
        for (String accumulator : List.of("event", "plugin")) {
            JsonObject scalars = readWithTensorBoard(accumulator).getAsJsonObject("scalars");
            assertPoints(scalars.getAsJsonArray(MetricKeys.APPROX_KL), new long[] {2048, 4096, 6144}, new double[] {0.01, 0.02, 0.08});
            assertPoints(scalars.getAsJsonArray(MetricKeys.EPISODIC_RETURN), new long[] {1000, 3048, 5000}, new double[] {10, 20, 99});
        }
    }

    @Test
    void resumingAFinishedRunAddsNoEventFile() throws IOException {
        try (MetricsLogger logger = MetricsLogger.create(runDir, "CartPole-v1", 5)) {
            logger.logUpdate(2048, updateScalars(0));
        }
        MetricsLogger.resume(runDir, "CartPole-v1", 5, 2048).close();
        try (Stream<Path> files = Files.list(runDir)) {
            assertEquals(1, files.filter(f -> f.getFileName().toString().startsWith(TensorBoardEventWriter.FILE_PREFIX)).count());
        }
    }

    @Test
    void resumeWithoutEarlierMetricsStartsThemAfresh() throws IOException {
        try (MetricsLogger resumed = MetricsLogger.resume(runDir, "CartPole-v1", 5, 4096)) {
            assertEquals(0, resumed.episodeCount());
            resumed.logEpisode(5000, 9.0, 9);
            resumed.logUpdate(6144, updateScalars(0));
        }
        assertEquals(List.of("global_step,return,length", "5000,9.0,9"),
                Files.readAllLines(runDir.resolve(MetricsLogger.EPISODES_CSV)));
        assertEquals(2, Files.readAllLines(runDir.resolve(MetricsLogger.METRICS_CSV)).size());
    }

    @Test
    void resumeRejectsAMetricsFileOfAnotherForm() throws IOException {
        Files.writeString(runDir.resolve(MetricsLogger.METRICS_CSV), "step;loss\n1;0.5\n");
        MetricsFormatException error = assertThrows(MetricsFormatException.class,
                () -> MetricsLogger.resume(runDir, "CartPole-v1", 5, 4096));
        assertTrue(error.getMessage().startsWith("Cannot continue the metrics file "
                + runDir.resolve(MetricsLogger.METRICS_CSV)), error.getMessage());
    }

    @Test
    void refusesToOverwriteTheMetricsOfAnotherRun() throws IOException {
        MetricsLogger.create(runDir, "CartPole-v1", 1).close();
        MetricsWriteException error = assertThrows(MetricsWriteException.class,
                () -> MetricsLogger.create(runDir, "CartPole-v1", 1));
        assertEquals(runDir.resolve(MetricsLogger.METRICS_CSV), error.file());
        assertTrue(error.getMessage().startsWith("The run directory already holds "
                + runDir.resolve(MetricsLogger.METRICS_CSV) + " from another run."), error.getMessage());
    }

    @Test
    void anUnwritableRunDirectoryIsNamedInTheError() throws IOException {
        Path notADirectory = Files.writeString(runDir.resolve("occupied"), "a file, not a directory");
        MetricsWriteException error = assertThrows(MetricsWriteException.class,
                () -> MetricsLogger.create(notADirectory, "CartPole-v1", 1));
        assertTrue(error.getMessage().startsWith("Could not write the metrics file " + notADirectory),
                error.getMessage());
    }

    @Test
    void rejectsNamesThatCannotBeCsvColumns() throws IOException {
        try (MetricsLogger logger = MetricsLogger.create(runDir, "CartPole-v1", 1)) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> logger.logUpdate(1, Map.of("loss,total", 1.0)));
            assertTrue(error.getMessage().contains("'loss,total'"), error.getMessage());
        }
    }
}
