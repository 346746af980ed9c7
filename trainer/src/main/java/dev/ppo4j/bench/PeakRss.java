package dev.ppo4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Peak resident memory of this JVM and its descendant processes, from Linux's {@code VmHWM}
 * ("high water mark") in {@code /proc/<pid>/status}. The kernel keeps each process's peak, so
 * the JVM's needs no sampling; child processes are sampled every 100 ms (and by {@link #sample})
 * while they live, keeping each one's largest value. The sum over processes is an upper bound on
 * the combined peak, since they need not peak at the same moment.
 */
final class PeakRss implements AutoCloseable {
    private static final long INTERVAL_MS = 100;

    private final Map<Long, Long> descendantPeaksKib = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sampler;

    private PeakRss() {
        sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ppo4j-peak-rss");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts sampling the descendants. */
    static PeakRss start() {
        PeakRss peak = new PeakRss();
        peak.sampler.scheduleAtFixedRate(peak::sampleDescendants, 0, INTERVAL_MS, TimeUnit.MILLISECONDS);
        return peak;
    }

    /** Samples now; returns {JVM peak, sum of the descendants' peaks}, in KiB (0 where /proc is unavailable). */
    long[] sample() {
        sampleDescendants();
        long descendants = descendantPeaksKib.values().stream().mapToLong(Long::longValue).sum();
        return new long[] {highWaterMarkKib(ProcessHandle.current().pid()), descendants};
    }

    private void sampleDescendants() {
        ProcessHandle.current().descendants().forEach(process -> {
            long kib = highWaterMarkKib(process.pid());
            descendantPeaksKib.merge(process.pid(), kib, Math::max);
        });
    }

    /** The VmHWM line of /proc/PID/status in KiB; 0 if the process is gone or /proc does not exist. */
    private static long highWaterMarkKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.substring("VmHWM:".length()).replace("kB", "").trim());
                }
            }
        } catch (IOException | NumberFormatException e) {
            // A process that exited between listing and reading has no peak left to report.
        }
        return 0;
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
