package dev.ppo4j.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * What a terminal shows after some output: carriage returns, line feeds (as a tty outputs them,
 * back to the first column), cursor up and down ({@code ESC[nA}, {@code ESC[nB}), clear to the
 * end of the line ({@code ESC[K}); colours are dropped. Enough for a progress display's output.
 */
final class TerminalScreen {
    private TerminalScreen() {}

    /** The screen's lines, trailing spaces removed. */
    static List<String> lines(String output) {
        List<StringBuilder> screen = new ArrayList<>(List.of(new StringBuilder()));
        int row = 0;
        int column = 0;
        for (int i = 0; i < output.length(); i++) {
            char c = output.charAt(i);
            if (c == '\u001b' && i + 1 < output.length() && output.charAt(i + 1) == '[') {
                int end = i + 2;
                while (!Character.isLetter(output.charAt(end))) {
                    end++;
                }
                String digits = output.substring(i + 2, end);
                int n = digits.isEmpty() ? 1 : Integer.parseInt(digits.split(";")[0]);
                switch (output.charAt(end)) {
                    case 'A' -> row = Math.max(0, row - n);
                    case 'B' -> row += n;
                    case 'K' -> screen.get(row).setLength(Math.min(column, screen.get(row).length()));
                    default -> { }
                }
                i = end;
            } else if (c == '\r') {
                column = 0;
            } else if (c == '\n') {
                row++;
                column = 0;
            } else {
                StringBuilder line = screen.get(row);
                while (line.length() < column) {
                    line.append(' ');
                }
                if (column < line.length()) {
                    line.setCharAt(column, c);
                } else {
                    line.append(c);
                }
                column++;
            }
            while (screen.size() <= row) {
                screen.add(new StringBuilder());
            }
        }
        return screen.stream().map(line -> line.toString().stripTrailing()).toList();
    }
}
