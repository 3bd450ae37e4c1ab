package io.github.seer4j.data;


/** The images {@code indices} of another source, in that order. */
public record SubsetSource(ImageSource source, int[] indices) implements ImageSource {

    @Override
    public int size() {
        return indices.length;
    }

    @Override
    public Image image(int index) {
        return source.image(indices[index]);
    }
}
