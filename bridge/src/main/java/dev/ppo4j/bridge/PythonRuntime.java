package dev.ppo4j.bridge;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The project's Python: the interpreter and the ppo4j home whose {@code python/} directory holds
 * the {@code ppo4j} package.
 *
 * <p>Resolution: the interpreter is {@code PPO4J_PYTHON} if set, else {@code <home>/.venv/bin/python};
 * home is {@code PPO4J_HOME} if set, else the first ancestor of the working directory that contains
 * {@code python/ppo4j/__init__.py}.
 *
 * <p>The processes it starts see the project's {@code python/} first on {@code PYTHONPATH}, then
 * the user's own {@code PYTHONPATH}, so modules of the user's (custom envs named
 * {@code module:EnvId}) stay importable while a module of the same name cannot shadow
 * {@code ppo4j}'s.
 *
 * @param home the ppo4j project root
 * @param python the Python executable
 * @param userPythonPath the {@code PYTHONPATH} of the environment it was located in, empty if unset
 */
public record PythonRuntime(Path home, Path python, String userPythonPath) {

    /** Locates home and interpreter from the environment and working directory. */
    public static PythonRuntime locate() {
        return locate(System.getenv(), Path.of("").toAbsolutePath());
    }

    /** Locates home, interpreter and the user's {@code PYTHONPATH} from the given environment variables and working directory. */
    public static PythonRuntime locate(Map<String, String> environment, Path workingDirectory) {
        Path home = environment.containsKey("PPO4J_HOME")
                ? Path.of(environment.get("PPO4J_HOME")).toAbsolutePath()
                : findHome(workingDirectory);
        Path python = environment.containsKey("PPO4J_PYTHON")
                ? Path.of(environment.get("PPO4J_PYTHON"))
                : home.resolve(".venv/bin/python");
        if (!Files.isExecutable(python)) {
            throw new PythonNotFoundException("No Python interpreter at " + python + ". Run ./ppo4j --help once in "
                    + home + " to create .venv, or set PPO4J_PYTHON to a Python that has python/requirements.txt installed.");
        }
        return new PythonRuntime(home, python, environment.getOrDefault("PYTHONPATH", ""));
    }

    private static Path findHome(Path workingDirectory) {
        for (Path dir = workingDirectory.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("python/ppo4j/__init__.py"))) {
                return dir;
            }
        }
        throw new PythonNotFoundException("No ppo4j home found above " + workingDirectory
                + ": run from inside the ppo4j project, or set PPO4J_HOME to its root directory.");
    }

    /** The directory put on {@code PYTHONPATH}, holding the {@code ppo4j} package. */
    public Path pythonPath() {
        return home.resolve("python");
    }

    /**
     * A process builder for {@code python -m module args...} with {@code PYTHONPATH} set to
     * {@link #pythonPath()} followed by {@link #userPythonPath()}, and the working directory set
     * to home.
     */
    public ProcessBuilder module(String module, String... args) {
        List<String> command = new ArrayList<>(List.of(python.toString(), "-m", module));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile());
        String projectPath = pythonPath().toString();
        builder.environment().put("PYTHONPATH",
                userPythonPath.isEmpty() ? projectPath : projectPath + File.pathSeparator + userPythonPath);
        return builder;
    }
}
