/**
 * The {@code ./ppo4j} command line: one picocli command per subcommand.
 *
 * <p><b>Output and logging.</b> What a command reports to the person who ran it is <em>output</em>,
 * written by the command to its standard streams: results meant for scripts (JSON, tables) on
 * stdout; progress, status lines and the single-line message of an error the user can fix
 * ({@code ppo4j: ...}) on stderr. Everything else the program notices while it runs is a
 * <em>diagnostic</em> (a worker restarted, non-finite values passed on, a damaged checkpoint
 * skipped, a file that could not be deleted): the package where it happens logs it through
 * {@link System.Logger}, in the bridge as in the trainer, and never prints it. {@code Main} has
 * {@code java.util.logging} write each diagnostic as one line on stderr,
 * {@code ppo4j WARNING: message}; a logging configuration of the user's own takes precedence.
 */
package dev.ppo4j.cli;
