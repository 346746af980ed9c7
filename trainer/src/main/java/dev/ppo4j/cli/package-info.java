/** The {@code ./ppo4j} command line: one picocli command per subcommand. */
package dev.ppo4j.cli;
