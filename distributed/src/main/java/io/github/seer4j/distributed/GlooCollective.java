package io.github.seer4j.distributed;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import org.bytedeco.javacpp.chrono.Milliseconds;
import org.bytedeco.pytorch.GlooDeviceVector;
import org.bytedeco.pytorch.ProcessGroupGloo;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.gloo.Device;

/**
 * PyTorch's Gloo process group over TCP, for CPUs: reduces the ND4J arrays' host buffers in place. Tested with two
 * JVMs on 127.0.0.1 (the module's tests). The network interface is {@code GLOO_SOCKET_IFNAME} when set (as in
 * PyTorch), the loopback device when the master is a loopback address, else the one this host's name resolves to.
 */
public final class GlooCollective extends TorchCollective {

    public GlooCollective(int rank, int worldSize, String masterAddress, int masterPort, Duration timeout) {
        super(rank, worldSize, masterAddress, masterPort, timeout);
        ProcessGroupGloo.Options options = new ProcessGroupGloo.Options(new Milliseconds(timeout.toMillis()));
        options.devices(new GlooDeviceVector(device(masterAddress)));
        options.threads(1);
        try {
            start(new ProcessGroupGloo(store(), rank, worldSize, options));
        } catch (RuntimeException e) {
            close();
            throw new io.github.seer4j.blocks.CollectiveException("rank " + rank + ": the Gloo process group of "
                    + worldSize + " did not form within " + timeout.toSeconds() + " s (" + firstLine(e)
                    + "); check that every rank started and can reach the others", e);
        }
    }

    private static Device device(String masterAddress) {
        String iface = System.getenv("GLOO_SOCKET_IFNAME");
        if (iface != null && !iface.isBlank()) {
            return ProcessGroupGloo.createDeviceForInterface(iface.split(",")[0].strip());
        }
        try {
            if (InetAddress.getByName(masterAddress).isLoopbackAddress()) {
                return ProcessGroupGloo.createDeviceForHostname("127.0.0.1");
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot resolve MASTER_ADDR " + masterAddress
                    + "; give an address or host name every node can resolve", e);
        }
        return ProcessGroupGloo.createDefaultDevice();
    }

    @Override
    public String backend() {
        return "gloo";
    }

    @Override
    protected Tensor toDevice(Tensor host) {
        return host;
    }

    @Override
    protected void fromDevice(Tensor device, Tensor host) {
    }
}
