package io.github.seer4j.swav;

import java.util.ArrayList;
import java.util.List;

/**
 * Multi-crop layout: groups of same-size crops, the first group global (2 crops in SwAV), the others local; parsed
 * from strings such as {@code "2x28+4x16"} (count x size, joined by '+').
 */
public record CropSpec(List<Group> groups) {

    /** {@code count} square crops of {@code size} pixels, cut with RandomResizedCrop scale in [minScale, maxScale]. */
    public record Group(int count, int size, double minScale, double maxScale) {
        public Group {
            if (count < 1 || size < 1) {
                throw new IllegalArgumentException("a crop group needs count >= 1 and size >= 1, got " + count + "x" + size);
            }
            if (!(minScale > 0 && minScale <= maxScale && maxScale <= 1)) {
                throw new IllegalArgumentException("crop scale range must satisfy 0 < min <= max <= 1, got ["
                        + minScale + ", " + maxScale + "]");
            }
        }
    }

    /** SwAV's scale range for global crops. */
    public static final double GLOBAL_MIN = 0.14;
    /** SwAV's scale range for local crops. */
    public static final double LOCAL_MIN = 0.05;
    public static final double LOCAL_MAX = 0.14;

    public CropSpec {
        groups = List.copyOf(groups);
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("a crop spec needs at least one group");
        }
        if (groups.stream().mapToInt(Group::count).sum() < 2) {
            throw new IllegalArgumentException("SwAV needs at least 2 crops in total (one to assign, one to predict)");
        }
    }

    /** Parses "2x28+4x16": the first group gets SwAV's scales [0.14, 1], the others [0.05, 0.14]. */
    public static CropSpec parse(String text) {
        return parse(text, GLOBAL_MIN, 1.0, LOCAL_MIN, LOCAL_MAX);
    }

    /** Parses "2x28+4x16" with scale range [globalMin, globalMax] for the first group, [localMin, localMax] for the rest. */
    public static CropSpec parse(String text, double globalMin, double globalMax, double localMin, double localMax) {
        String[] parts = text.trim().split("\\+");
        List<Group> groups = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
            String[] cs = parts[i].trim().toLowerCase(java.util.Locale.ROOT).split("x");
            if (cs.length != 2) {
                throw new IllegalArgumentException("bad crop spec '" + text + "': each part must be COUNTxSIZE, e.g. 2x28+4x16");
            }
            int count;
            int size;
            try {
                count = Integer.parseInt(cs[0].trim());
                size = Integer.parseInt(cs[1].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad crop spec '" + text + "': '" + parts[i] + "' is not COUNTxSIZE, e.g. 2x28");
            }
            groups.add(i == 0 ? new Group(count, size, globalMin, globalMax) : new Group(count, size, localMin, localMax));
        }
        return new CropSpec(groups);
    }

    /**
     * The short side an image needs so that no crop is upsampled: a crop of scale {@code a} covers about
     * {@code sqrt(a)} of the side and is resized to {@code size} pixels, so the smallest crop of each group needs
     * {@code size / sqrt(minScale)} (2x224+6x96: 599 px; 2x160+4x96: 430 px). Photos are decoded near this size.
     */
    public int decodeShortSide() {
        double need = 0;
        for (Group g : groups) {
            need = Math.max(need, g.size() / Math.sqrt(g.minScale()));
        }
        return (int) Math.ceil(need);
    }

    /** Total number of crops per image. */
    public int totalCrops() {
        return groups.stream().mapToInt(Group::count).sum();
    }

    /** The group index of crop {@code crop} (crops are numbered group by group). */
    public int groupOf(int crop) {
        int c = crop;
        for (int g = 0; g < groups.size(); g++) {
            if (c < groups.get(g).count()) {
                return g;
            }
            c -= groups.get(g).count();
        }
        throw new IllegalArgumentException("crop " + crop + " out of range 0.." + (totalCrops() - 1));
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (Group g : groups) {
            b.append(b.length() == 0 ? "" : "+").append(g.count()).append('x').append(g.size());
        }
        return b.toString();
    }
}
