package io.github.seer4j.blocks;

import io.github.seer4j.designspace.StemSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The simple ImageNet stem of RegNet on NHWC images: 3x3 convolution with stride 2 and padding 1, batch norm, ReLU. */
public final class SimpleStem implements Layer {

    private final Conv2d conv;
    private final BatchNorm2d bn;

    public SimpleStem(String name, StemSpec spec, Init init) {
        conv = new Conv2d(name + ".conv", spec.inChannels(), spec.width(), 3, 2, 1, 1, init).readingImages();
        bn = new BatchNorm2d(name + ".bn", spec.width(), init);
    }

    @Override
    public Traced forward(INDArray x, Mode mode) {
        Traced c = conv.forward(x, mode);
        Traced b = bn.forwardRelu(c.output(), mode);
        return new Traced(b.output(), g -> c.backprop().apply(b.backprop().apply(g)));
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> out = new ArrayList<>(conv.parameters());
        out.addAll(bn.parameters());
        return out;
    }

    @Override
    public Map<String, INDArray> buffers() {
        return new LinkedHashMap<>(bn.buffers());
    }
}
