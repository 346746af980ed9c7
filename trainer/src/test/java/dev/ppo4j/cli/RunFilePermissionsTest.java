package dev.ppo4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every file of a run directory gets the permissions any new file gets under the process's
 * umask, whether it was written in place (the CSVs) or renamed into place (the policy, the
 * config, the checkpoints, the evaluation).
 */
class RunFilePermissionsTest {
    @TempDir
    Path temp;

    @Test
    void everyOutputHasTheSamePermissionsAsANewFile() throws IOException {
        Path run = temp.resolve("run");
        CommandLineRun trained = CommandLineRun.of("train", "--env", "java:CartPole-v1", "--steps", "256", "--out", run.toString(),
                "--eval-episodes", "1");
        assertEquals(0, trained.exitCode(), trained.err());
        Set<PosixFilePermission> expected = Files.getPosixFilePermissions(Files.createFile(temp.resolve("new-file")));

        List<Path> files;
        try (Stream<Path> walk = Files.walk(run)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertTrue(files.stream().anyMatch(f -> f.endsWith("policy.onnx")) && files.stream().anyMatch(f -> f.toString().endsWith(".ckpt")),
                files.toString());
        for (Path file : files) {
            assertEquals(expected, Files.getPosixFilePermissions(file), run.relativize(file).toString());
        }
    }
}
