package io.spillway.runtime.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * The known key an unknown {@code spark.spillway.*} key most likely meant: the closest by edit distance, ignoring
 * case, if it is at most {@link #MAX_EDITS} edits away (a typo or a wrong case), else none. Why: an unknown key is
 * rejected at start-up, and the message that names the key it was probably meant to be saves a trip to the README.
 */
final class KeySuggestion {

  /** Edits (insertions, deletions, substitutions) beyond which two keys are not taken for a typo of each other. */
  static final int MAX_EDITS = 3;

  private KeySuggestion() {}

  static Optional<String> nearest(String unknown, Collection<String> known) {
    String u = unknown.toLowerCase(Locale.ROOT);
    String best = null;
    int bestEdits = MAX_EDITS + 1;
    for (String k : known) {
      int d = editDistance(u, k.toLowerCase(Locale.ROOT), bestEdits);
      if (d < bestEdits) {
        best = k;
        bestEdits = d;
      }
    }
    return Optional.ofNullable(best);
  }

  /** Levenshtein distance of {@code a} and {@code b}, or {@code limit} if it is at least that (stops early). */
  static int editDistance(String a, String b, int limit) {
    if (Math.abs(a.length() - b.length()) >= limit) {
      return limit;
    }
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      int rowMin = cur[0];
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
        rowMin = Math.min(rowMin, cur[j]);
      }
      if (rowMin >= limit) {
        return limit;
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return Math.min(prev[b.length()], limit);
  }
}
