package dev.ppo4j.config;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The line syntax of config files (and of grid files, which add {@code [section]} lines): UTF-8
 * text, one {@code key = value} per line; a {@code #} at the start of a line or after a blank
 * starts a comment that runs to the end of the line ({@code eval_episodes = 10   # optional}), and
 * blank lines are ignored.
 * Messages about a line name its number and show its text with anything unprintable escaped, so
 * that a stray control byte is visible instead of acting on the terminal.
 */
public final class KeyValueLines {
    private static final Pattern INLINE_COMMENT = Pattern.compile("(^|\\s)#.*");

    private KeyValueLines() {}

    /**
     * One line that is neither blank nor a comment.
     *
     * @param number the 1-based line number
     * @param text the line without surrounding blanks
     */
    public record Line(int number, String text) {
        /** Whether the line is {@code key = value} (an {@code =} after at least one character). */
        public boolean isAssignment() {
            return text.indexOf('=') > 0;
        }

        /** The text before the first {@code =}, stripped. */
        public String key() {
            return text.substring(0, text.indexOf('=')).strip();
        }

        /** The text after the first {@code =}, stripped. */
        public String value() {
            return text.substring(text.indexOf('=') + 1).strip();
        }
    }

    /**
     * The file's bytes as text.
     *
     * @param source the file, for the message
     * @throws ConfigException if the bytes are not UTF-8 text (or hold NUL bytes), naming the
     *     line and the byte, since such a file is not a config file at all
     */
    public static String decode(byte[] bytes, String source) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        int nul = indexOfNul(bytes);
        int bad = result.isError() && (nul < 0 || in.position() < nul) ? in.position() : nul;
        if (bad >= 0) {
            throw new ConfigException(source + " is not a text file: line " + lineOf(bytes, bad) + " holds the byte "
                    + String.format(Locale.ROOT, "0x%02X", bytes[bad] & 0xFF) + ", which a UTF-8 text file does not hold. A config file"
                    + " holds 'key = value' lines (./ppo4j train --list-config shows every key); check that this is the file you meant.");
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    /** The lines that are neither blank nor comments, numbered from 1, with their comments removed. */
    public static List<Line> lines(String text) {
        String[] lines = text.split("\r?\n", -1);
        List<Line> meaningful = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String line = INLINE_COMMENT.matcher(lines[i]).replaceFirst("").strip();
            if (!line.isEmpty()) {
                meaningful.add(new Line(i + 1, line));
            }
        }
        return meaningful;
    }

    /**
     * {@code text} with control (except tab), format and unassigned characters written as
     * {@code \}{@code uXXXX} escapes.
     */
    public static String printable(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            int type = Character.getType(c);
            if ((Character.isISOControl(c) && c != '\t') || type == Character.FORMAT || type == Character.UNASSIGNED
                    || type == Character.SURROGATE || type == Character.PRIVATE_USE) {
                sb.append(String.format(Locale.ROOT, c > 0xFFFF ? "\\U%08X" : "\\u%04X", c));
            } else {
                sb.appendCodePoint(c);
            }
        });
        return sb.toString();
    }

    private static int indexOfNul(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    private static int lineOf(byte[] bytes, int position) {
        int line = 1;
        for (int i = 0; i < position; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }
}
