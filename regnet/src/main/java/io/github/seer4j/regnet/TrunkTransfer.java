package io.github.seer4j.regnet;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Copies a pretrained trunk's weights and batch-norm statistics into a network of the same trunk with a new head. */
public final class TrunkTransfer {
    private TrunkTransfer() {}

    /** Copies every tensor of {@code from} that {@code to} has under the same name and shape; returns how many. */
    public static int copy(RegNetNetwork from, RegNetNetwork to) {
        if (!from.spec().stages().equals(to.spec().stages()) || from.inputChannels() != to.inputChannels()) {
            throw new IllegalArgumentException("the checkpoint's trunk (" + from.spec().widths() + ", "
                    + from.inputChannels() + " input channels) differs from the network to fine-tune ("
                    + to.spec().widths() + ", " + to.inputChannels() + ")");
        }
        Map<String, INDArray> source = from.state();
        int copied = 0;
        for (Map.Entry<String, INDArray> e : to.state().entrySet()) {
            INDArray src = source.get(e.getKey());
            if (src != null && java.util.Arrays.equals(src.shape(), e.getValue().shape())) {
                e.getValue().assign(src);
                copied++;
            }
        }
        return copied;
    }
}
