package dev.ppo4j.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ppo4j.config.ConfigFiles;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The help a user reads first: every command's description is made of whole paragraphs (picocli
 * prints each element on lines of its own and lists a command by its first element), so no
 * summary stops mid-sentence and no paragraph breaks mid-line; the option lists fill in.
 */
class HelpTextTest {

    /** The command and its subcommands, without picocli's own {@code help} command, whose text is picocli's. */
    private static List<CommandLine> everyCommand(CommandLine root) {
        List<CommandLine> all = new ArrayList<>(List.of(root));
        ownSubcommands(root).forEach(sub -> all.addAll(everyCommand(sub)));
        return all;
    }

    private static List<CommandLine> ownSubcommands(CommandLine command) {
        return command.getSubcommands().values().stream().distinct()
                .filter(sub -> !(sub.getCommand() instanceof CommandLine.HelpCommand)).toList();
    }

    private static String help(String... args) {
        return CommandLineRun.of(args).out();
    }

    @Test
    void everyDescriptionIsWholeSentencesWithAShortSummaryFirst() {
        for (CommandLine command : everyCommand(Main.commandLine())) {
            String name = command.getCommandSpec().qualifiedName();
            String[] description = command.getCommandSpec().usageMessage().description();
            assertTrue(description.length > 0, name + " has no description");
            for (String paragraph : description) {
                assertTrue(paragraph.endsWith("."), name + ": a description element is not a whole paragraph: '" + paragraph + "'");
            }
            assertTrue(description[0].length() <= 110, name + "'s summary is longer than a sentence: " + description[0]);
        }
    }

    @Test
    void theCommandListShowsWholeSummaries() {
        String usage = help("--help").replaceAll("\\s+", " ");
        for (CommandLine command : ownSubcommands(Main.commandLine())) {
            String summary = command.getCommandSpec().usageMessage().description()[0];
            assertTrue(usage.contains(summary), "./ppo4j --help lacks the whole summary '" + summary + "': " + usage);
        }
    }

    @Test
    void trainHelpListsThePresets() {
        String usage = help("train", "--help").replaceAll("\\s+", " ");
        assertTrue(usage.contains("Bundled preset to start from: " + String.join(", ", ConfigFiles.PRESETS) + " (default"), usage);
    }
}
