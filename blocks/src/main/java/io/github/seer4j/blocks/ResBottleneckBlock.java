package io.github.seer4j.blocks;

import io.github.seer4j.designspace.BlockSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * RegNet's residual bottleneck block (X block; a Y block when the spec has Squeeze-Excitation): 1x1 → BN → ReLU →
 * 3x3 grouped conv with the stride → BN → ReLU → [SE] → 1x1 → BN, plus the shortcut (identity, or 1x1/stride conv +
 * BN when the shape changes), then ReLU after the sum (fused into the last batch norm). NHWC tensors. Names follow
 * pycls ({@code f.a}, {@code f.a_bn}, ...).
 */
public final class ResBottleneckBlock implements Layer {

    private final BlockSpec spec;
    private final Conv2d a;
    private final BatchNorm2d aBn;
    private final Conv2d b;
    private final BatchNorm2d bBn;
    private final SqueezeExcitation se;
    private final Conv2d c;
    private final BatchNorm2d cBn;
    private final Conv2d proj;
    private final BatchNorm2d projBn;

    public ResBottleneckBlock(String name, BlockSpec spec, Init init) {
        this.spec = spec;
        int wb = spec.bottleneckWidth();
        a = new Conv2d(name + ".f.a", spec.inWidth(), wb, 1, 1, 0, 1, init);
        aBn = new BatchNorm2d(name + ".f.a_bn", wb, init);
        b = new Conv2d(name + ".f.b", wb, wb, 3, spec.stride(), 1, spec.groups(), init);
        bBn = new BatchNorm2d(name + ".f.b_bn", wb, init);
        se = spec.squeezeExcitation() ? new SqueezeExcitation(name + ".f.se", wb, spec.seWidth(), init) : null;
        c = new Conv2d(name + ".f.c", wb, spec.outWidth(), 1, 1, 0, 1, init);
        cBn = new BatchNorm2d(name + ".f.c_bn", spec.outWidth(), init);
        if (spec.projection()) {
            proj = new Conv2d(name + ".proj", spec.inWidth(), spec.outWidth(), 1, spec.stride(), 0, 1, init);
            projBn = new BatchNorm2d(name + ".bn", spec.outWidth(), init);
        } else {
            proj = null;
            projBn = null;
        }
    }

    public BlockSpec spec() {
        return spec;
    }

    @Override
    public Traced forward(INDArray x, Mode mode) {
        Traced ta = a.forward(x, mode);
        Traced taBn = aBn.forwardRelu(ta.output(), mode);
        Traced tb = b.forward(taBn.output(), mode);
        Traced tbBn = bBn.forwardRelu(tb.output(), mode);
        INDArray yb = tbBn.output();
        Traced tse = se == null ? null : se.forward(yb, mode);
        Traced tc = c.forward(tse == null ? yb : tse.output(), mode);
        Traced tp = proj == null ? null : proj.forward(x, mode);
        Traced tpBn = proj == null ? null : projBn.forward(tp.output(), mode);
        BatchNorm2d.ResidualPass tcBn = cBn.forwardAddRelu(tc.output(), tpBn == null ? x : tpBn.output(), mode);
        return new Traced(tcBn.output(), g -> {
            BatchNorm2d.InputGradients gSum = tcBn.backprop().apply(g);
            INDArray gPath = tc.backprop().apply(gSum.input());
            if (tse != null) {
                gPath = tse.backprop().apply(gPath);
            }
            gPath = tb.backprop().apply(tbBn.backprop().apply(gPath));
            // the input gradient is the main path's plus the shortcut's, added where the later one is computed
            if (tp == null) {
                return ta.backprop().applyAdding(taBn.backprop().apply(gPath), gSum.residual());
            }
            INDArray gIn = ta.backprop().apply(taBn.backprop().apply(gPath));
            return tp.backprop().applyAdding(tpBn.backprop().apply(gSum.residual()), gIn);
        });
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> out = new ArrayList<>();
        for (Layer l : layers()) {
            out.addAll(l.parameters());
        }
        return out;
    }

    @Override
    public Map<String, INDArray> buffers() {
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (Layer l : layers()) {
            out.putAll(l.buffers());
        }
        return out;
    }

    private List<Layer> layers() {
        List<Layer> out = new ArrayList<>(List.of(a, aBn, b, bBn));
        if (se != null) {
            out.add(se);
        }
        out.addAll(List.of(c, cBn));
        if (proj != null) {
            out.addAll(List.of(proj, projBn));
        }
        return out;
    }
}
