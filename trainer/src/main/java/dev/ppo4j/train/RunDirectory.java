package dev.ppo4j.train;

import dev.ppo4j.config.ConfigException;
import dev.ppo4j.config.ConfigFiles;
import dev.ppo4j.config.TrainConfig;
import dev.ppo4j.util.DurableFiles;
import dev.ppo4j.util.TempFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A run's directory: {@code config.properties} (the resolved config), {@code checkpoints/},
 * and whatever the metric sinks and the exporter write next to them.
 */
public final class RunDirectory {
    /** The resolved config's file name. */
    public static final String CONFIG_FILE = "config.properties";
    /** The exported policy's file name. */
    public static final String POLICY_FILE = "policy.onnx";
    /** The final policy's evaluation ({@code train --eval-episodes}), as JSON. */
    public static final String EVALUATION_FILE = "evaluation.json";
    private static final String CHECKPOINTS = "checkpoints";
    private static final String CHECKPOINT_NAME = "update-\\d+\\.ckpt";
    /** How the temp files end that every file of the run is written to before its rename into place ({@link TempFiles}). */
    private static final String TEMP_SUFFIX = ".tmp";
    private static final System.Logger LOG = System.getLogger(RunDirectory.class.getName());

    private final Path path;

    private RunDirectory(Path path) {
        this.path = path;
    }

    /**
     * Creates a new run directory and writes the resolved config into it.
     *
     * @param requested the directory, or null for {@code runs/<env>__<seed>__<timestamp>}
     * @throws ConfigException if it exists and is not empty, or cannot be written
     */
    public static RunDirectory create(Path requested, TrainConfig config) {
        Path dir = requested != null ? requested : Path.of("runs", config.envId().replace(':', '_') + "__" + config.seed()
                + "__" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        try {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> entries = Files.list(dir)) {
                    if (entries.findAny().isPresent()) {
                        throw new ConfigException("The run directory " + dir + " already exists and is not empty; choose another --out"
                                + (Files.isRegularFile(dir.resolve(CONFIG_FILE)) ? ", or continue that run with --resume " + dir : "")
                                + ".");
                    }
                }
            }
            Files.createDirectories(dir.resolve(CHECKPOINTS));
            RunDirectory run = new RunDirectory(dir);
            run.writeAtomically(CONFIG_FILE, ConfigFiles.write(config));
            return run;
        } catch (AccessDeniedException e) {
            throw new ConfigException("The run directory " + dir + " cannot be written (permission denied at " + e.getFile()
                    + "); choose a writable --out.");
        } catch (IOException e) {
            throw new ConfigException("The run directory " + dir + " cannot be created (" + e + "); choose a writable --out.");
        }
    }

    /** Opens an existing run directory (for --resume). */
    public static RunDirectory open(Path dir) {
        if (!Files.isRegularFile(dir.resolve(CONFIG_FILE))) {
            throw new ConfigException(dir + " is not a ppo4j run directory (it has no " + CONFIG_FILE
                    + "); pass the directory that train created.");
        }
        return new RunDirectory(dir);
    }

    /** The directory. */
    public Path path() {
        return path;
    }

    /** The config the run was started with (fields added since take their defaults). */
    public TrainConfig config() {
        return ConfigFiles.resolve(ConfigFiles.file(path.resolve(CONFIG_FILE)));
    }

    /**
     * Writes {@code checkpoints/update-NNNNNN.ckpt} atomically.
     *
     * @throws ConfigException naming the file, the reason and the fix if it cannot be written (see {@link #cannotWrite})
     */
    public void writeCheckpoint(int update, Checkpoint checkpoint) {
        Path file = path.resolve(CHECKPOINTS).resolve(String.format("update-%06d.ckpt", update));
        try {
            checkpoint.write(file);
        } catch (IOException e) {
            throw cannotWrite(file, e);
        }
    }

    /**
     * The error for a file of this run that could not be written, in one paragraph: the file, the
     * operating system's reason, what to do about it, and where the run will resume (a failed
     * checkpoint leaves the earlier ones as they were).
     */
    public ConfigException cannotWrite(Path file, IOException failure) {
        String reason = reason(failure);
        boolean full = reason.contains("No space left") || reason.contains("quota");
        List<Path> checkpoints;
        try {
            checkpoints = checkpointFiles(path);
        } catch (IOException e) {
            checkpoints = List.of();
        }
        String resumesFrom = checkpoints.isEmpty() ? "it starts again from the beginning, as it has no checkpoint yet"
                : "it resumes from its last checkpoint, " + checkpoints.get(checkpoints.size() - 1) + ", which is intact";
        return new ConfigException("Could not write " + file + ": " + reason + ". "
                + (full ? "The disk holding " + path + " is full; free space on it" : "Check that " + path
                        + " is writable and that its disk has space")
                + ", then continue the run with ./ppo4j train --resume " + path + " (" + resumesFrom + ").");
    }

    /** What the operating system said, without the file name Java may put in front of it. */
    private static String reason(IOException failure) {
        Throwable cause = failure;
        while (cause.getCause() instanceof IOException deeper) {
            cause = deeper;
        }
        if (cause instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }

    /**
     * The newest checkpoint that reads back intact; a torn or corrupt newer one is reported and
     * skipped. Empty if the run stopped before it wrote one.
     *
     * @throws ConfigException if checkpoints were written but none reads back intact
     */
    public Optional<Checkpoint> latestCheckpoint() throws IOException {
        List<Path> files = checkpointFiles(path);
        List<String> unreadable = new ArrayList<>();
        for (int i = files.size() - 1; i >= 0; i--) {
            try {
                return Optional.of(Checkpoint.read(files.get(i)));
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, e.getMessage() + " Skipping it for the one before.");
                unreadable.add(e.getMessage());
            }
        }
        if (!unreadable.isEmpty()) {
            throw new ConfigException("Every checkpoint of the run " + path + " is unreadable, so it cannot be resumed: "
                    + String.join(" ", unreadable) + " Start the run afresh in a new directory: ./ppo4j train --config "
                    + path.resolve(CONFIG_FILE) + " --out NEW_DIRECTORY");
        }
        return Optional.empty();
    }

    /**
     * Deletes the temp files of writes that never finished (a process killed while it wrote a
     * checkpoint, the config, a CSV or the policy); call it before resuming, when nothing writes.
     */
    public void removeUnfinishedWrites() throws IOException {
        for (Path dir : List.of(path, path.resolve(CHECKPOINTS))) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> entries = Files.list(dir)) {
                for (Path temp : entries.filter(p -> p.getFileName().toString().endsWith(TEMP_SUFFIX)).toList()) {
                    Files.deleteIfExists(temp);
                }
            }
        }
    }

    /** Whether the run directory {@code dir} has written any checkpoint (intact or not); false if it does not exist. */
    public static boolean hasCheckpoint(Path dir) throws IOException {
        return !checkpointFiles(dir).isEmpty();
    }

    private static List<Path> checkpointFiles(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir.resolve(CHECKPOINTS))) {
            return entries.filter(p -> p.getFileName().toString().matches(CHECKPOINT_NAME)).sorted().toList();
        } catch (java.nio.file.NoSuchFileException e) {
            return List.of();
        }
    }

    /** Writes a text file in the run directory via a temp file and an atomic rename. */
    public void writeAtomically(String name, String content) throws IOException {
        writeAtomically(path.resolve(name), content);
    }

    /**
     * Writes a UTF-8 text file via a temp file in the same directory, fsynced and renamed into place
     * ({@link DurableFiles}), so a reader (or an interrupted writer, or a crash) never leaves half a
     * file; creates missing parent directories.
     */
    public static void writeAtomically(Path target, String content) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temp = TempFiles.createBeside(target);
        try {
            Files.writeString(temp, content, StandardCharsets.UTF_8);
            DurableFiles.moveIntoPlace(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
