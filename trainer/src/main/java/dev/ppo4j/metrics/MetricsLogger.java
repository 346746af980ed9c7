package dev.ppo4j.metrics;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The run's metric outputs. The training loop calls {@link #logUpdate} once per update and
 * {@link #logEpisode} for every finished episode; this class writes them to the run directory:
 * <ul>
 *   <li>{@value #METRICS_CSV}: one row per update ({@code global_step}, then the scalars in the
 *       order first seen), flushed row by row;</li>
 *   <li>{@value #EPISODES_CSV}: one row per finished episode ({@code global_step,return,length});</li>
 *   <li>a TensorBoard event file ({@code events.out.tfevents.<time>.<host>}) with every update
 *       scalar and the per-episode {@link MetricKeys#EPISODIC_RETURN} and
 *       {@link MetricKeys#EPISODIC_LENGTH};</li>
 *   <li>{@value #LEARNING_CURVE_PNG}: episodic return against environment steps, redrawn by
 *       {@link #writeLearningCurve()} (call it at checkpoints) and by {@link #close()}.</li>
 * </ul>
 * The episode statistics of the update rows ({@link MetricKeys#EP_REW_MEAN}, ...) come from the
 * caller, which keeps them with the training state; this class keeps every episode only to draw
 * the learning curve. Every write failure is a {@link MetricsWriteException} naming the file.
 * Not thread-safe: call it from the training loop's thread.
 */
public final class MetricsLogger implements Closeable {
    /** Per-update scalars. */
    public static final String METRICS_CSV = "metrics.csv";
    /** Per-episode records; they let a resumed run redraw the whole learning curve. */
    public static final String EPISODES_CSV = "episodes.csv";
    /** The learning-curve image. */
    public static final String LEARNING_CURVE_PNG = "learning_curve.png";
    /** The first column of both CSV files: the global environment step of the row. */
    public static final String STEP_COLUMN = MetricsCsvWriter.STEP_COLUMN;

    private static final String RETURN_COLUMN = "return";
    private static final String LENGTH_COLUMN = "length";
    private static final Set<String> EPISODE_COUNTS = Set.of(LENGTH_COLUMN);

    private final Path runDirectory;
    private final String curveTitle;
    private final EpisodeHistory episodes;
    private final MetricsCsvWriter updateRows;
    private final MetricsCsvWriter episodeRows;
    private final TensorBoardEventWriter events;
    private final Map<String, Double> episodeScalars = new LinkedHashMap<>();
    private boolean closed;

    private MetricsLogger(Path runDirectory, String envId, long seed, EpisodeHistory episodes,
            MetricsCsvWriter updateRows, MetricsCsvWriter episodeRows, TensorBoardEventWriter events) {
        this.runDirectory = runDirectory;
        this.curveTitle = envId + ", seed " + seed;
        this.episodes = episodes;
        this.updateRows = updateRows;
        this.episodeRows = episodeRows;
        this.events = events;
    }

    /**
     * Starts the metric outputs of a new run.
     *
     * @param runDirectory the run directory (created if missing); must not hold metrics of another run
     * @param envId the environment id, for the learning curve's title
     * @param seed the master seed, for the learning curve's title
     * @return the logger
     * @throws MetricsWriteException if a file cannot be created, or the directory already holds
     *     {@value #METRICS_CSV} or {@value #EPISODES_CSV} of another run
     */
    public static MetricsLogger create(Path runDirectory, String envId, long seed) {
        try {
            Files.createDirectories(runDirectory);
        } catch (IOException e) {
            throw new MetricsWriteException(runDirectory, e);
        }
        MetricsCsvWriter updateRows = MetricsCsvWriter.create(runDirectory.resolve(METRICS_CSV), MetricKeys.COUNTS);
        MetricsCsvWriter episodeRows;
        try {
            episodeRows = MetricsCsvWriter.create(runDirectory.resolve(EPISODES_CSV), EPISODE_COUNTS);
        } catch (RuntimeException e) {
            closeAfterFailure(e, updateRows);
            throw e;
        }
        return new MetricsLogger(runDirectory, envId, seed, new EpisodeHistory(), updateRows, episodeRows,
                new TensorBoardEventWriter(runDirectory));
    }

    /**
     * Continues the metric outputs of a run resumed from a checkpoint: keeps the rows and episodes
     * up to {@code checkpointStep}, drops later ones (the resumed run redoes those steps), and
     * starts a new TensorBoard event file beside the old ones, whose first event tells TensorBoard to
     * drop the old files' points after {@code checkpointStep} (only once something is logged: a
     * resumed run that had finished adds no file). A missing CSV file is started afresh.
     *
     * @param runDirectory the run directory of the resumed run
     * @param envId the environment id, for the learning curve's title
     * @param seed the master seed, for the learning curve's title
     * @param checkpointStep the global step the checkpoint was taken at
     * @return the logger
     * @throws MetricsWriteException if a file cannot be read or written
     * @throws MetricsFormatException if a CSV file is not in the form this class writes
     */
    public static MetricsLogger resume(Path runDirectory, String envId, long seed, long checkpointStep) {
        Path episodesFile = runDirectory.resolve(EPISODES_CSV);
        EpisodeHistory history = readEpisodes(episodesFile, checkpointStep);
        MetricsCsvWriter updateRows = MetricsCsvWriter.resume(runDirectory.resolve(METRICS_CSV), checkpointStep, MetricKeys.COUNTS);
        MetricsCsvWriter episodeRows;
        try {
            episodeRows = MetricsCsvWriter.resume(episodesFile, checkpointStep, EPISODE_COUNTS);
        } catch (RuntimeException e) {
            closeAfterFailure(e, updateRows);
            throw e;
        }
        return new MetricsLogger(runDirectory, envId, seed, history, updateRows, episodeRows,
                TensorBoardEventWriter.resumed(runDirectory, checkpointStep));
    }

    /**
     * Records one update's scalars in {@value #METRICS_CSV} and TensorBoard.
     *
     * @param globalStep environment steps done when the update finished
     * @param scalars name → value, names preferably from {@link MetricKeys}; pass a
     *     {@link LinkedHashMap} so the first update fixes a meaningful column order
     * @throws MetricsWriteException if a file cannot be written
     * @throws IllegalArgumentException if a name contains a comma, quote or control character
     */
    public void logUpdate(long globalStep, Map<String, Double> scalars) {
        requireOpen();
        updateRows.append(globalStep, scalars);
        events.writeScalars(globalStep, scalars);
    }

    /**
     * Records one finished episode in {@value #EPISODES_CSV}, TensorBoard and the learning curve.
     *
     * @param globalStep the environment step at which the episode ended
     * @param episodicReturn the undiscounted sum of the episode's raw rewards
     * @param length the episode's number of steps
     * @throws MetricsWriteException if a file cannot be written
     */
    public void logEpisode(long globalStep, double episodicReturn, long length) {
        requireOpen();
        episodes.add(globalStep, episodicReturn, length);
        episodeScalars.put(RETURN_COLUMN, episodicReturn);
        episodeScalars.put(LENGTH_COLUMN, (double) length);
        episodeRows.append(globalStep, episodeScalars);
        events.writeScalars(globalStep, Map.of(
                MetricKeys.EPISODIC_RETURN, episodicReturn,
                MetricKeys.EPISODIC_LENGTH, (double) length));
    }

    /**
     * Returns the number of finished episodes recorded so far, including those kept on resume.
     *
     * @return the episode count
     */
    public int episodeCount() {
        return episodes.size();
    }

    /**
     * Redraws {@value #LEARNING_CURVE_PNG} from every episode so far (temp file + rename).
     *
     * @throws MetricsWriteException if the image cannot be written
     */
    public void writeLearningCurve() {
        requireOpen();
        LearningCurvePlot.write(runDirectory.resolve(LEARNING_CURVE_PNG), curveTitle, episodes);
    }

    /**
     * Redraws the learning curve and closes every file. Calling it again does nothing.
     *
     * @throws MetricsWriteException if a file cannot be written; the other files are still closed
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        RuntimeException failure = null;
        try {
            writeLearningCurve();
        } catch (RuntimeException e) {
            failure = e;
        }
        closed = true;
        failure = closeAll(failure, updateRows, episodeRows, events);
        if (failure != null) {
            throw failure;
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("The metrics logger of " + runDirectory
                    + " is closed; create or resume a new one to log more.");
        }
    }

    private static void closeAfterFailure(RuntimeException failure, AutoCloseable... opened) {
        RuntimeException fromClose = closeAll(null, opened);
        if (fromClose != null) {
            failure.addSuppressed(fromClose);
        }
    }

    private static RuntimeException closeAll(RuntimeException failure, AutoCloseable... resources) {
        RuntimeException first = failure;
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                RuntimeException unchecked = e instanceof RuntimeException r ? r : new IllegalStateException(e);
                if (first == null) {
                    first = unchecked;
                } else {
                    first.addSuppressed(unchecked);
                }
            }
        }
        return first;
    }

    /**
     * A run's finished episodes, read back from its {@value #EPISODES_CSV}.
     *
     * @param steps the global step each episode ended at, in order
     * @param returns each episode's return
     */
    public record EpisodeLog(double[] steps, double[] returns) {}

    /**
     * Reads the episodes a run directory has logged so far (none if it has no {@value #EPISODES_CSV} yet).
     *
     * @throws MetricsFormatException if the file is not in the form this class writes
     */
    public static EpisodeLog readEpisodes(Path runDirectory) {
        EpisodeHistory history = readEpisodes(runDirectory.resolve(EPISODES_CSV), Long.MAX_VALUE);
        return new EpisodeLog(history.stepsAsDoubles(), history.returnsCopy());
    }

    /**
     * One column of a run's {@value #METRICS_CSV}, one value per update (NaN where a row has
     * no value); empty if the file or the column does not exist yet.
     *
     * @param column a column name, e.g. {@link MetricKeys#COLLECT_SECONDS}
     */
    public static double[] readUpdateColumn(Path runDirectory, String column) {
        Path file = runDirectory.resolve(METRICS_CSV);
        if (!Files.exists(file)) {
            return new double[0];
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MetricsWriteException(file, e);
        }
        int index = lines.isEmpty() ? -1 : List.of(lines.get(0).split(",", -1)).indexOf(column);
        if (index < 0) {
            return new double[0];
        }
        double[] values = new double[lines.size() - 1];
        for (int row = 1; row < lines.size(); row++) {
            String[] cells = lines.get(row).split(",", -1);
            try {
                values[row - 1] = index < cells.length && !cells[index].isEmpty() ? Double.parseDouble(cells[index]) : Double.NaN;
            } catch (NumberFormatException e) {
                throw new MetricsFormatException(file, "the row '" + lines.get(row) + "' has a non-number in column " + column);
            }
        }
        return values;
    }

    private static EpisodeHistory readEpisodes(Path file, long lastKeptStep) {
        EpisodeHistory history = new EpisodeHistory();
        if (!Files.exists(file)) {
            return history;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MetricsWriteException(file, e);
        }
        String expectedHeader = MetricsCsvWriter.STEP_COLUMN + "," + RETURN_COLUMN + "," + LENGTH_COLUMN;
        boolean onlyHeaderStep = lines.size() == 1 && lines.get(0).equals(MetricsCsvWriter.STEP_COLUMN);
        if (lines.isEmpty() || !(lines.get(0).equals(expectedHeader) || onlyHeaderStep)) {
            throw new MetricsFormatException(file, "its header is not '" + expectedHeader + "'");
        }
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            if (cells.length != 3) {
                throw new MetricsFormatException(file, "the row '" + line + "' does not have three cells");
            }
            try {
                long step = Long.parseLong(cells[0]);
                if (step <= lastKeptStep) {
                    history.add(step, Double.parseDouble(cells[1]), (long) Double.parseDouble(cells[2]));
                }
            } catch (NumberFormatException e) {
                throw new MetricsFormatException(file, "the row '" + line + "' does not hold three numbers");
            }
        }
        return history;
    }
}
