package dev.ppo4j.compare;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How a grid starts {@code ./ppo4j train} and {@code ./ppo4j eval}: a new JVM with the same Java,
 * classpath, ONNX Runtime native-library directory and ppo4j environment variables as this one,
 * running the command line's main class.
 *
 * @param mainClass the fully qualified name of the {@code ./ppo4j} entry point
 */
public record TrainerCommand(String mainClass) {
    private static final List<String> INHERITED_VARIABLES = List.of("PPO4J_HOME", "PPO4J_PYTHON");
    /** Where ONNX Runtime loads its native libraries from in place (set by the launcher), else unset. */
    private static final String NATIVE_PATH_PROPERTY = "onnxruntime.native.path";

    /** The full command line, program first, for {@code ./ppo4j} with these arguments. */
    public List<String> withArguments(List<String> args) {
        List<String> command = new ArrayList<>(List.of("env"));
        for (String variable : INHERITED_VARIABLES) {
            String value = System.getenv(variable);
            if (value != null) {
                command.add(variable + "=" + value);
            }
        }
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseSerialGC"));
        String nativePath = System.getProperty(NATIVE_PATH_PROPERTY);
        if (nativePath != null) {
            command.add("-D" + NATIVE_PATH_PROPERTY + "=" + nativePath);
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(args);
        return command;
    }
}
