package dev.ppo4j.util;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Replacing a file so that a crash (a killed process, a kernel panic, a power loss) leaves either
 * the old file or the whole new one: the new contents go to a temp file beside the target, are
 * fsynced, renamed over the target, and the rename is made durable by fsyncing the directory.
 */
public final class DurableFiles {
    private DurableFiles() {}

    /**
     * Moves {@code temp}, a completely written file in {@code target}'s directory, over {@code target}:
     * fsyncs its contents, renames it atomically, then fsyncs the directory that holds the new name.
     */
    public static void moveIntoPlace(Path temp, Path target) throws IOException {
        try (FileChannel contents = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            contents.force(true);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel directory = FileChannel.open(target.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            directory.force(true);
        }
    }
}
