package io.github.seer4j.designspace;

import static io.github.seer4j.designspace.Check.invalid;

/**
 * One stage: {@code depth} residual bottleneck blocks of output width {@code width}; the first block has stride
 * {@code stride}. {@code bottleneck} is pycls's bottleneck <em>multiplier</em> (the paper's 1/b): the inner width is
 * {@code round(width * bottleneck)}. {@code seRatio > 0} makes Y blocks, whose Squeeze-Excitation width is
 * {@code round(seRatio * blockInputWidth)}.
 */
public record StageSpec(int width, int depth, int stride, int groupWidth, double bottleneck, double seRatio) {

    public StageSpec {
        Check.intIn("width", width, 1, 1 << 20);
        Check.intIn("depth", depth, 1, 10_000);
        Check.intIn("stride", stride, 1, 2);
        Check.intIn("groupWidth", groupWidth, 1, 1 << 20);
        Check.doubleIn("bottleneck", bottleneck, 0, 64, true);
        Check.doubleIn("seRatio", seRatio, 0, 1, false);
        int wb = pyRound(width * bottleneck);
        if (wb < 1) {
            throw invalid("bottleneck %s makes the inner width of a width-%s stage zero; use a larger bottleneck "
                    + "multiplier", bottleneck, width);
        }
        if (wb % groupWidth != 0) {
            throw invalid("groupWidth %s does not divide the bottleneck width %s (width %s x bottleneck %s); use a "
                    + "group width that divides %s, or let the RegNet generator adjust the widths", groupWidth, wb,
                    width, bottleneck, wb);
        }
    }

    /** Inner (bottleneck) width of every block in this stage: {@code round(width * bottleneck)}, halves to even. */
    public int bottleneckWidth() {
        return pyRound(width * bottleneck);
    }

    /** Number of groups of the 3x3 convolution. */
    public int groups() {
        return bottleneckWidth() / groupWidth;
    }

    /** Squeeze-Excitation width of a block whose input has {@code inWidth} channels; 0 for X blocks. */
    public int seWidth(int inWidth) {
        return pyRound(inWidth * seRatio);
    }

    /** Python's {@code int(round(x))}: halves to even. */
    static int pyRound(double x) {
        return (int) Math.rint(x);
    }
}
