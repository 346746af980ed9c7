package dev.ppo4j.bridge;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/** Drains a worker's stderr on a daemon thread, logging each line at DEBUG and keeping the last lines for error messages. */
final class StderrTail implements Runnable {
    private static final System.Logger LOG = System.getLogger("dev.ppo4j.bridge.worker");
    private static final int KEPT_LINES = 40;

    private final InputStream stderr;
    private final String name;
    private final ArrayDeque<String> lines = new ArrayDeque<>();

    private StderrTail(InputStream stderr, String name) {
        this.stderr = stderr;
        this.name = name;
    }

    static StderrTail follow(Process process, String name) {
        StderrTail tail = new StderrTail(process.getErrorStream(), name);
        Thread thread = new Thread(tail, name + "-stderr");
        thread.setDaemon(true);
        thread.start();
        return tail;
    }

    @Override
    public void run() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stderr, StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                LOG.log(System.Logger.Level.DEBUG, "{0}: {1}", name, line);
                synchronized (lines) {
                    if (lines.size() == KEPT_LINES) {
                        lines.removeFirst();
                    }
                    lines.addLast(line);
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, name + ": stderr closed", e);
        }
    }

    /** The last lines, as a suffix for error messages ("" if there were none). */
    String describe() {
        synchronized (lines) {
            return lines.isEmpty() ? "" : "\nThe worker's last stderr lines:\n  " + String.join("\n  ", lines);
        }
    }
}
