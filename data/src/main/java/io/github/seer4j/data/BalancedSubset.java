package io.github.seer4j.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded, class-balanced subsets of a labelled set: the "1% / 10% of the labels" of low-shot evaluation. A fraction
 * f of N images over K classes takes {@code round(f * N / K)} images of every class (at least one, at most the
 * class's size), chosen by a seeded shuffle; the result is sorted.
 */
public final class BalancedSubset {
    private BalancedSubset() {}

    public static int[] select(int[] labels, int classes, double fraction, long seed) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("labels fraction must be in (0, 1], got " + fraction
                    + "; use e.g. 0.01, 0.1 or 1.0");
        }
        if (fraction == 1.0) {
            int[] all = new int[labels.length];
            Arrays.setAll(all, i -> i);
            return all;
        }
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("label " + labels[i] + " at index " + i + " is outside [0, "
                        + (classes - 1) + "]");
            }
            byClass.get(labels[i]).add(i);
        }
        int perClass = (int) Math.max(1, Math.round(fraction * labels.length / classes));
        SplittableRandom rng = new SplittableRandom(seed);
        List<Integer> chosen = new ArrayList<>();
        for (List<Integer> members : byClass) {
            int[] idx = members.stream().mapToInt(Integer::intValue).toArray();
            for (int i = idx.length - 1; i > 0; i--) { // Fisher-Yates
                int j = rng.nextInt(i + 1);
                int t = idx[i];
                idx[i] = idx[j];
                idx[j] = t;
            }
            for (int i = 0; i < Math.min(perClass, idx.length); i++) {
                chosen.add(idx[i]);
            }
        }
        return chosen.stream().mapToInt(Integer::intValue).sorted().toArray();
    }
}
