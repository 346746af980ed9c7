package dev.ppo4j.util;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Finds the registered names closest to a mistyped one, for "did you mean" suggestions in
 * error messages. Closeness is the Levenshtein edit distance, ignoring case.
 */
public final class CloseMatches {
    private CloseMatches() {}

    /**
     * The candidates within a few edits of {@code query} (at most a third of its length, and at
     * least 2) or with the same name apart from a Gymnasium version suffix ({@code -v1}), closest
     * first, ties in the candidates' order; at most {@code limit} of them.
     */
    public static List<String> among(String query, Collection<String> candidates, int limit) {
        String q = query.toLowerCase(Locale.ROOT);
        int maxDistance = Math.max(2, q.length() / 3);
        record Scored(String name, int distance) {}
        List<Scored> close = new ArrayList<>();
        for (String candidate : candidates) {
            int d = editDistance(q, candidate.toLowerCase(Locale.ROOT));
            if (d <= maxDistance || withoutVersion(q).equals(withoutVersion(candidate.toLowerCase(Locale.ROOT)))) {
                close.add(new Scored(candidate, d));
            }
        }
        close.sort(Comparator.comparingInt(Scored::distance));
        return close.stream().limit(limit).map(Scored::name).toList();
    }

    private static String withoutVersion(String id) {
        return id.replaceFirst("-v\\d+$", "");
    }

    /** The Levenshtein distance: the fewest single-character insertions, deletions or substitutions turning a into b. */
    public static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
