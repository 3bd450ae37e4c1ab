package io.github.seer4j.data;


/** The images of a source, each resampled bilinearly to {@code size x size} as it is read ({@link Image#resized}). */
public record ResizedImages(ImageSource source, int size) implements ImageSource {

    public ResizedImages {
        if (size < 1) {
            throw new IllegalArgumentException("resize target must be at least 1 pixel, got " + size);
        }
    }

    @Override
    public int size() {
        return source.size();
    }

    @Override
    public Image image(int index) {
        return source.image(index).resized(size);
    }
}
