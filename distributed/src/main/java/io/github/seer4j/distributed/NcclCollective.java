package io.github.seer4j.distributed;

import java.time.Duration;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.nccl.ProcessGroupNCCL;

/**
 * PyTorch's NCCL process group, for one CUDA device per process (rank r uses device {@code LOCAL_RANK}, else r modulo
 * the visible devices, chosen by CUDA_VISIBLE_DEVICES in the launcher). Each call copies the ND4J array's host values
 * to a CUDA tensor, reduces it there and copies the result back, so it works whatever ND4J backend holds the array.
 *
 * <p><b>Built but untested</b>: the project's machines have no GPU, and it needs the CUDA build of the pytorch
 * presets ({@code org.bytedeco:pytorch:...:linux-x86_64-gpu} with CUDA and NCCL) instead of the CPU one on the class
 * path; with the CPU build it fails at construction. See docs/distributed.md for the plan.
 */
public final class NcclCollective extends TorchCollective {

    public NcclCollective(int rank, int worldSize, String masterAddress, int masterPort, Duration timeout) {
        super(rank, worldSize, masterAddress, masterPort, timeout);
        try {
            start(new ProcessGroupNCCL(store(), rank, worldSize));
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            close();
            throw new IllegalStateException("rank " + rank + ": cannot create the NCCL process group ("
                    + firstLine(e) + "); it needs CUDA GPUs and the CUDA build of org.bytedeco:pytorch "
                    + "(classifier linux-x86_64-gpu), or use --backend gloo", e);
        }
    }

    @Override
    public String backend() {
        return "nccl";
    }

    @Override
    protected Tensor toDevice(Tensor host) {
        return host.cuda();
    }

    @Override
    protected void fromDevice(Tensor device, Tensor host) {
        host.copy_(device);
    }
}
