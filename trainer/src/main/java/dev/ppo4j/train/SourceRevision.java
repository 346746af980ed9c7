package dev.ppo4j.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The git revision of the ppo4j checkout that is running, for provenance. */
public final class SourceRevision {
    private static String cached;

    private SourceRevision() {}

    /** The commit id, with "-dirty" if the work tree has changes, or "unknown" outside a git checkout. */
    public static synchronized String get() {
        if (cached == null) {
            cached = read();
        }
        return cached;
    }

    private static String read() {
        String home = System.getenv("PPO4J_HOME");
        Path dir = Path.of(home != null ? home : ".");
        try {
            String commit = git(dir, "rev-parse", "HEAD");
            if (commit.isEmpty()) {
                return "unknown";
            }
            return git(dir, "status", "--porcelain", "--untracked-files=no").isEmpty() ? commit : commit + "-dirty";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private static String git(Path dir, String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 3];
        command[0] = "git";
        command[1] = "-C";
        command[2] = dir.toString();
        System.arraycopy(args, 0, command, 3, args.length);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            return "";
        }
        return out;
    }
}
