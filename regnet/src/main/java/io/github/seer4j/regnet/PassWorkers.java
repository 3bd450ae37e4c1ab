package io.github.seer4j.regnet;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The daemon threads that run a step's extra passes (see {@link RegNetNetwork#forward(java.util.List,
 * io.github.seer4j.blocks.Mode)}): one thread per pass slot, so that a training pass's forward and backward run on the same thread,
 * inside that thread's own step workspace, opened by the forward and closed after the backward.
 */
final class PassWorkers {

    private static final List<ExecutorService> THREADS = new ArrayList<>();
    private static final String WORKSPACE_ID = "SEER4J_PASS";

    private PassWorkers() {
    }

    /** Runs the task on the thread of slot {@code slot} (1..). */
    static synchronized <T> Future<T> submit(int slot, Callable<T> task) {
        while (THREADS.size() < slot) {
            int n = THREADS.size() + 1;
            THREADS.add(Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "seer4j-pass-" + n);
                t.setDaemon(true);
                return t;
            }));
        }
        return THREADS.get(slot - 1).submit(task);
    }

    /**
     * Opens the calling worker thread's step workspace for a training pass; a pass left open on this thread (its
     * backward never ran) is closed first, and its memory reused.
     */
    static void openWorkspace() {
        MemoryWorkspace ws = Nd4j.getWorkspaceManager().getWorkspaceForCurrentThread(RegNetNetwork.STEP_WORKSPACE,
                WORKSPACE_ID);
        while (ws.isScopeActive()) {
            ws.close();
        }
        ws.notifyScopeEntered();
    }

    /** Closes the calling worker thread's step workspace (after a training pass's backward). */
    static void closeWorkspace() {
        MemoryWorkspace ws = Nd4j.getWorkspaceManager().getWorkspaceForCurrentThread(RegNetNetwork.STEP_WORKSPACE,
                WORKSPACE_ID);
        if (ws.isScopeActive()) {
            ws.close();
        }
    }

    /** The task's result; its exception as thrown (an unchecked one unwrapped), or an IllegalStateException. */
    static <T> T join(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while a pass ran on a worker thread", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("a pass failed on a worker thread", e.getCause());
        }
    }
}
