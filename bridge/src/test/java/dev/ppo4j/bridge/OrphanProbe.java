package dev.ppo4j.bridge;

/**
 * Run in a child JVM by {@link NoOrphanTest}: opens two workers hosting the Faulty test env, in
 * one group or pipelined in two, and prints their pids; then either waits to be killed
 * ({@code hold}) or closes the env and returns from main ({@code close}). Pipelined, it leaves
 * both groups stepping, group 1 hung in worker 1, as a run stopped mid-collection leaves them.
 *
 * <p>Arguments: {@code hold|close} and the number of groups, 1 or 2.
 */
final class OrphanProbe {
    private OrphanProbe() {}

    public static void main(String[] args) throws InterruptedException {
        int groups = Integer.parseInt(args[1]);
        PythonVectorEnv env = PythonVectorEnv.builder(TestEnvs.FAULTY).numEnvs(2 * groups).workers(2).groups(groups).build();
        env.reset(0L, new float[2 * groups * 4]);
        if (groups == 2) {
            env.stepAsync(0, new float[] {TestEnvs.NORMAL, TestEnvs.NORMAL});
            env.stepAsync(1, new float[] {TestEnvs.NORMAL, TestEnvs.HANG});
        }
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
