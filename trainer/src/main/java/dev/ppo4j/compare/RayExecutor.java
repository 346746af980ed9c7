package dev.ppo4j.compare;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import dev.ppo4j.bridge.PythonRuntime;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Submits each run to an existing Ray cluster as one task running the same command line that
 * {@link LocalExecutor} would run. The Python module {@code ppo4j.ray_runner} is the Ray driver;
 * this class talks to it in JSON lines over its standard input and output (the protocol is in
 * that module's docstring). The cluster's nodes must see the project and the grid directory
 * at the same paths (a shared file system), since the tasks run this checkout's trainer and
 * write into the grid directory.
 *
 * <p>Standard input stays open while the runner works: if this JVM dies, the runner sees
 * end-of-file and cancels the tasks, so no training outlives the grid.
 *
 * <p>Ray is not in {@code python/requirements.txt}: the first use of this executor installs it
 * ({@code ppo4j.ray_install}, from {@code python/requirements-ray.txt}).
 */
public final class RayExecutor implements RunExecutor {
    private static final Gson GSON = new Gson();

    private final String address;

    /** @param address a Ray cluster address ({@code ray start --head} prints it), or {@code local} for a private instance */
    public RayExecutor(String address) {
        this.address = address;
    }

    /** Ray places as many runs on a node as it has CPUs (each task reserves one). */
    @Override
    public boolean runsShareCores() {
        return true;
    }

    @Override
    public String describe() {
        return "Ray tasks on " + ("local".equals(address) ? "a local Ray instance" : "the Ray cluster at " + address);
    }

    @Override
    public void runAll(List<RunTask> tasks, Consumer<RunTask> onStart, Consumer<RunTask.Outcome> onEnd)
            throws IOException, InterruptedException {
        ProcessBuilder builder = PythonRuntime.locate().module("ppo4j.ray_runner", "--address", address);
        builder.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process runner = builder.start();
        Map<String, RunTask> pending = new LinkedHashMap<>();
        tasks.forEach(t -> pending.put(t.id(), t));
        Writer toRunner = new OutputStreamWriter(runner.getOutputStream(), StandardCharsets.UTF_8);
        boolean done = false;
        try (BufferedReader fromRunner = new BufferedReader(new InputStreamReader(runner.getInputStream(), StandardCharsets.UTF_8))) {
            submit(tasks, toRunner);
            String line;
            while ((line = fromRunner.readLine()) != null) {
                JsonObject event;
                try {
                    event = GSON.fromJson(line, JsonObject.class);
                } catch (JsonParseException e) {
                    continue;
                }
                if (event == null || !event.has("event")) {
                    continue;
                }
                switch (event.get("event").getAsString()) {
                    // One write of the whole line: the runner's own messages share this terminal.
                    case "connected" -> System.err.print(String.format("[ppo4j] connected to Ray at %s (%s CPUs); submitted %d runs.%n",
                            event.get("address").getAsString(), event.get("cpus"), tasks.size()));
                    case "finished" -> {
                        RunTask task = pending.remove(event.get("id").getAsString());
                        if (task != null) {
                            onStart.accept(task);
                            onEnd.accept(new RunTask.Outcome(task.id(), event.get("returncode").getAsInt(),
                                    event.has("seconds") ? event.get("seconds").getAsDouble() : 0,
                                    event.has("node") ? event.get("node").getAsString() : "?",
                                    event.has("error") ? event.get("error").getAsString() : null));
                        }
                    }
                    case "done" -> done = true;
                    default -> { }
                }
                if (done) {
                    break;
                }
            }
        } finally {
            toRunner.close();
            if (!runner.waitFor(30, TimeUnit.SECONDS)) {
                runner.destroyForcibly();
            }
        }
        if (!done) {
            throw new GridException("The Ray runner stopped before finishing (exit status " + runner.exitValue() + ", "
                    + pending.size() + " runs not reported); its messages are above. Check the address '" + address
                    + "' (ray start --head prints it), or use --executor local.");
        }
    }

    /**
     * Installs Ray into the project's Python on the first use of this executor: it is not in
     * {@code python/requirements.txt}, as only this executor needs it. {@code ppo4j.ray_install}
     * does nothing when Ray is there, and otherwise says what it installs and, if it cannot, what to do.
     */
    @Override
    public void prepare() throws IOException, InterruptedException {
        Process install = PythonRuntime.locate().module("ppo4j.ray_install").inheritIO().start();
        try {
            if (install.waitFor() != 0) {
                throw new GridException("--executor ray needs Ray, which could not be installed; the lines above say what to do.");
            }
        } finally {
            install.destroyForcibly();
        }
    }

    /** Sends every task to the runner, then the end of the list. */
    private static void submit(List<RunTask> tasks, Writer toRunner) throws IOException {
        for (RunTask task : tasks) {
            Map<String, Object> spec = new HashMap<>();
            spec.put("id", task.id());
            spec.put("command", task.command());
            spec.put("cwd", task.workingDirectory().toAbsolutePath().toString());
            spec.put("log", task.log().toAbsolutePath().toString());
            toRunner.write(GSON.toJson(spec) + "\n");
        }
        toRunner.write("{\"end\": true}\n");
        toRunner.flush();
    }
}
