package dev.ppo4j.bridge;

/**
 * Run in a child JVM by {@link NoOrphanTest}: opens workers and prints their pids; then either
 * waits to be killed ({@code hold}) or closes the env and returns from main ({@code close}).
 */
final class OrphanProbe {
    private OrphanProbe() {}

    public static void main(String[] args) throws InterruptedException {
        PythonVectorEnv env = PythonVectorEnv.builder("CartPole-v1").numEnvs(2).workers(2).build();
        env.reset(0L, new float[2 * 4]);
        StringBuilder line = new StringBuilder("pids");
        for (long pid : env.workerPids()) {
            line.append(' ').append(pid);
        }
        System.out.println(line);
        System.out.flush();
        if (args[0].equals("close")) {
            env.close();
            return;
        }
        Thread.sleep(Long.MAX_VALUE);
    }
}
