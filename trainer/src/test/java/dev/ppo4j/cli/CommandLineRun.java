package dev.ppo4j.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * One {@code ./ppo4j} command line run in-process, with what it printed through the command
 * line's own streams (usage, help, and the one-paragraph errors of {@link Main#commandLine()}).
 *
 * @param exitCode the command's exit status
 * @param out what it printed to the command line's standard output
 * @param err what it printed to the command line's standard error
 */
public record CommandLineRun(int exitCode, String out, String err) {
    /** Runs {@code ./ppo4j args...} in this JVM. */
    public static CommandLineRun of(String... args) {
        CommandLine commandLine = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new CommandLineRun(exitCode, out.toString(), err.toString());
    }
}
