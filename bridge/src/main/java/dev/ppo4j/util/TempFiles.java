package dev.ppo4j.util;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The temp files that outputs are written to before they are renamed over their target.
 * {@link Files#createTempFile} makes them readable by their owner only (0600), and the rename
 * would carry that over to {@code policy.onnx}, {@code config.properties} and the checkpoints
 * while the CSVs and images beside them get the usual permissions; a temp file made here gets
 * the permissions any new file gets (0644 under the usual umask 022). Also the files that back
 * shared-memory data blocks between the JVM and Python.
 */
public final class TempFiles {
    private TempFiles() {}

    /**
     * Creates a new, empty file in {@code target}'s directory, named after {@code target} with a
     * random part and {@code .tmp}, with the permissions the process's umask gives new files.
     */
    public static Path createBeside(Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        while (true) {
            String random = Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
            Path temp = absolute.resolveSibling(absolute.getFileName() + "." + random + ".tmp");
            try {
                return Files.createFile(temp);
            } catch (FileAlreadyExistsException e) {
                // another writer drew the same name: draw again
            }
        }
    }

    /**
     * Creates a new, empty file for a data block that the JVM and a Python process both map: in
     * {@code /dev/shm} where it is a writable directory (memory, never written to disk), else in
     * {@code java.io.tmpdir}.
     *
     * @param prefix the start of the file's name, e.g. {@code ppo4j-}
     */
    public static Path createSharedMemoryFile(String prefix) throws IOException {
        Path shm = Path.of("/dev/shm");
        Path dir = Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
        return Files.createTempFile(dir, prefix, ".block");
    }
}
