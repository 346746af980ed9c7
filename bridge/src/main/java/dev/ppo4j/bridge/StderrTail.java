package dev.ppo4j.bridge;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/** Drains a worker's stderr on a daemon thread, logging each line at DEBUG and keeping the last lines for error messages. */
final class StderrTail implements Runnable {
    private static final System.Logger LOG = System.getLogger("dev.ppo4j.bridge.worker");
    private static final int KEPT_LINES = 40;

    /** How long a message waits for the last lines of a worker that has exited (they may still be in the pipe). */
    private static final long DRAIN_MILLIS = 500;

    private final Process process;
    private final String name;
    private final ArrayDeque<String> lines = new ArrayDeque<>();
    private final Thread reader;

    private StderrTail(Process process, String name) {
        this.process = process;
        this.name = name;
        reader = new Thread(this, name + "-stderr");
        reader.setDaemon(true);
    }

    static StderrTail follow(Process process, String name) {
        StderrTail tail = new StderrTail(process, name);
        tail.reader.start();
        return tail;
    }

    @Override
    public void run() {
        try (BufferedReader lineReader = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = lineReader.readLine()) != null; ) {
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

    /**
     * The last lines, as a suffix for error messages; says so if there were none. Once the worker
     * has exited, waits briefly for the lines still in the pipe.
     */
    String describe() {
        if (!process.isAlive()) {
            try {
                reader.join(DRAIN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (lines) {
            return lines.isEmpty() ? "\nThe worker wrote nothing to stderr." : "\nThe worker's last stderr lines:\n  " + String.join("\n  ", lines);
        }
    }
}
