package io.ledgerhouse.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * The highest heap in use while a benchmark's timed part runs, sampled every 20 ms from a daemon thread. (Summing the
 * peaks of the heap pools overstates it: each pool peaks at a different moment, and the sum can exceed -Xmx.)
 */
final class HeapSampler implements AutoCloseable {

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long peak;

    HeapSampler() {
        peak = memory.getHeapMemoryUsage().getUsed();
        thread = new Thread(() -> {
            while (running) {
                peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed());
                java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
            }
        }, "heap-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    /** The highest heap use seen so far, in bytes. */
    long peakBytes() {
        return Math.max(peak, memory.getHeapMemoryUsage().getUsed());
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join();
    }
}
