package dev.ppo4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every file of a run that is renamed into place survives a crash of the machine: its contents
 * are fsynced before the rename and its directory after it. Observed with strace on a real run
 * (the only way to see an fsync from outside); skipped where strace cannot trace.
 */
class DurableWritesTest {
    /** One traced call: {@code PID name(args) = result}, with -y naming every descriptor's file. */
    private static final Pattern CALL = Pattern.compile("^(\\d+) +(\\w+)\\((.*)\\) += (-?\\d+)");
    private static final Pattern FD_PATH = Pattern.compile("^\\d+<(.*)>$");
    private static final Pattern RENAME_PATHS = Pattern.compile("\"([^\"]*)\", (?:AT_FDCWD, )?\"([^\"]*)\"");

    @TempDir
    Path temp;

    private record Call(long pid, String name, String args) {}

    @Test
    void everyFileRenamedIntoPlaceIsFsyncedAndSoIsItsDirectory() throws Exception {
        assumeTrue(straceWorks(), "strace is not installed or may not trace here");
        Path run = temp.toRealPath().resolve("run");
        Path trace = temp.resolve("strace.log");
        List<String> command = new ArrayList<>(List.of("strace", "--seccomp-bpf", "-f", "-y", "-qq", "-o", trace.toString(),
                "-e", "trace=fsync,fdatasync,rename,renameat,renameat2"));
        command.addAll(TrainerProcess.command("train", "--env", "java:CartPole-v1", "--steps", "512",
                "--set", "checkpoint_interval=1", "--out", run.toString()));
        Path log = temp.resolve("train.log");
        TrainerProcess.Result result = TrainerProcess.finish(TrainerProcess.start(log, command), log);
        assertEquals(0, result.exitCode(), result.output());

        List<Call> calls = Files.readAllLines(trace).stream().map(CALL::matcher).filter(Matcher::find)
                .map(m -> new Call(Long.parseLong(m.group(1)), m.group(2), m.group(3))).toList();
        for (String name : List.of("config.properties", "metrics.csv", "episodes.csv", "checkpoints/update-000001.ckpt",
                "checkpoints/update-000002.ckpt", "policy.onnx")) {
            assertDurablyRenamed(calls, run.resolve(name));
        }
    }

    private static void assertDurablyRenamed(List<Call> calls, Path target) {
        boolean renamed = false;
        for (int i = 0; i < calls.size(); i++) {
            Matcher paths = RENAME_PATHS.matcher(calls.get(i).args());
            if (!calls.get(i).name().startsWith("rename") || !paths.find() || !paths.group(2).equals(target.toString())) {
                continue;
            }
            renamed = true;
            String source = paths.group(1);
            long pid = calls.get(i).pid();
            assertTrue(calls.subList(0, i).stream().anyMatch(c -> c.pid() == pid && isSyncOf(c, source)),
                    source + " was renamed to " + target + " without an fsync of its contents");
            Call nextSync = calls.subList(i + 1, calls.size()).stream()
                    .filter(c -> c.pid() == pid && c.name().endsWith("sync")).findFirst().orElse(null);
            assertTrue(nextSync != null && isSyncOf(nextSync, target.getParent().toString()),
                    "the rename to " + target + " was not followed by an fsync of its directory but by " + nextSync);
        }
        assertTrue(renamed, "no rename to " + target + " was traced");
    }

    private static boolean isSyncOf(Call call, String path) {
        Matcher fd = FD_PATH.matcher(call.args());
        return call.name().endsWith("sync") && fd.find() && fd.group(1).equals(path);
    }

    private boolean straceWorks() throws Exception {
        try {
            Process probe = new ProcessBuilder("strace", "--seccomp-bpf", "-f", "-qq", "-o", temp.resolve("probe.log").toString(),
                    "-e", "trace=fsync", "true").redirectErrorStream(true).redirectOutput(temp.resolve("probe.out").toFile()).start();
            return probe.waitFor() == 0;
        } catch (java.io.IOException notInstalled) {
            return false;
        }
    }
}
