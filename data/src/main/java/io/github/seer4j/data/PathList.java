package io.github.seer4j.data;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A compact list of file paths under one base folder: the relative paths' UTF-8 bytes in one array plus one offset
 * per path (about 50 bytes a file for typical names, no object per file). A name whose string form does not open the
 * same file (bytes that are not valid UTF-8 become U+FFFD in Java's string) keeps its {@link Path}, which holds the
 * raw bytes, in a side list; such names are rare.
 */
final class PathList {

    private final Path base;
    private byte[] bytes = new byte[1 << 12];
    private int used;
    private int[] starts = new int[64];
    private int count;
    private final List<Path> raw = new ArrayList<>();

    PathList(Path base) {
        this.base = base;
    }

    /** Adds {@code file} (under the base folder, or absolute). */
    void add(Path file) {
        Path rel = file.startsWith(base) ? base.relativize(file) : file;
        String s = rel.toString();
        if (!base.resolve(s).equals(base.resolve(rel))) {
            // raw-byte name: the key sorts by its lossy form, the side list keeps the real path
            s = s + '\0' + raw.size();
            raw.add(base.resolve(rel));
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (used + b.length > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, used + b.length));
        }
        if (count + 1 >= starts.length) {
            starts = Arrays.copyOf(starts, starts.length * 2);
        }
        System.arraycopy(b, 0, bytes, used, b.length);
        starts[count] = used;
        used += b.length;
        count++;
        starts[count] = used;
    }

    int size() {
        return count;
    }

    private String key(int i) {
        return new String(bytes, starts[i], starts[i + 1] - starts[i], StandardCharsets.UTF_8);
    }

    /** The path of entry {@code i}. */
    Path get(int i) {
        String s = key(i);
        int z = s.indexOf('\0');
        if (z >= 0) {
            return raw.get(Integer.parseInt(s.substring(z + 1)));
        }
        return base.resolve(s);
    }

    /** Sorts the entries by path (UTF-8 byte order, which is code point order) and trims the arrays. */
    void sort() {
        Integer[] order = new Integer[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Arrays.compareUnsigned(bytes, starts[a], starts[a + 1], bytes, starts[b],
                starts[b + 1]));
        byte[] nb = new byte[used];
        int[] ns = new int[count + 1];
        int at = 0;
        for (int i = 0; i < count; i++) {
            int o = order[i];
            int len = starts[o + 1] - starts[o];
            System.arraycopy(bytes, starts[o], nb, at, len);
            ns[i] = at;
            at += len;
        }
        ns[count] = at;
        bytes = nb;
        starts = ns;
    }

    /** Bytes held by the compact part (for the memory benchmark). */
    long compactBytes() {
        return bytes.length + 4L * starts.length;
    }
}
