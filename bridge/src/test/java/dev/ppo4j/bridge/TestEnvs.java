package dev.ppo4j.bridge;

/** Ids of the test-only envs in python/tests/fixtures/ppo4j_testing/envs.py (imported by the worker through the module:EnvId form). */
final class TestEnvs {
    static final String FAULTY = "ppo4j_testing.envs:ppo4j_testing/Faulty-v0";
    static final String SPACES = "ppo4j_testing.envs:ppo4j_testing/Spaces-v0";

    /** Actions of the Faulty env. */
    static final float NORMAL = 0;
    static final float NAN_OBSERVATION = 1;
    static final float INF_REWARD = 2;
    static final float RAISE = 3;
    static final float HANG = 4;
    static final float EXIT = 5;

    private TestEnvs() {}

    /** Whether a process is running (a zombie awaiting its reaper counts as gone). */
    static boolean running(long pid) {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** Waits up to {@code millis} for every pid to be gone; returns those still running. */
    static java.util.List<Long> stillRunningAfter(long[] pids, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        java.util.List<Long> alive;
        do {
            alive = java.util.Arrays.stream(pids).filter(TestEnvs::running).boxed().toList();
            if (alive.isEmpty()) {
                return alive;
            }
            Thread.sleep(50);
        } while (System.currentTimeMillis() < deadline);
        return alive;
    }
}
