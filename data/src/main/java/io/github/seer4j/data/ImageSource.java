package io.github.seer4j.data;

/** A random-access collection of images (labels, if any, are not part of it: SwAV uses none). */
public interface ImageSource {

    /** Number of images. */
    int size();

    /** The image at {@code index} (0-based); implementations must be safe to call from several threads. */
    Image image(int index);
}
