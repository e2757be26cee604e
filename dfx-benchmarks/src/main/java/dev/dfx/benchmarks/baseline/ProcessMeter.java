package dev.dfx.benchmarks.baseline;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.HashMap;
import java.util.Map;

/**
 * Process-wide cost figures read from the JVM's management beans, for one phase of a benchmark: wall time, process
 * CPU time (user + system, every thread: event loops, executors, JIT and GC threads included), GC pause time and
 * count, and bytes allocated on the heap (the sum over live threads of
 * {@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes}, per thread, so a thread that starts during the
 * phase counts fully; a thread that ends during the phase is not counted: its allocation is lost, so the figure can
 * only be low, never high).
 *
 * <p>Needs the HotSpot management extensions ({@code com.sun.management}); on a JVM without them the CPU and
 * allocation figures are {@code -1}. Thread-safe; every method may be called from any thread.
 */
public final class ProcessMeter {
    private ProcessMeter() {
    }

    /**
     * What the process had used at one instant.
     *
     * @param wallNanos {@link System#nanoTime()}
     * @param cpuNanos process CPU time in ns, or -1 when unknown
     * @param gcMillis total collection time of every collector, ms
     * @param gcCount total collections of every collector
     * @param allocatedByThread bytes allocated so far by each live thread, by thread id (empty when unknown)
     */
    public record Snapshot(long wallNanos, long cpuNanos, long gcMillis, long gcCount,
                           Map<Long, Long> allocatedByThread) {
        /** Copies the map. */
        public Snapshot {
            allocatedByThread = Map.copyOf(allocatedByThread);
        }

        /**
         * @param later a snapshot taken after this one
         * @return what the process used between the two
         */
        public Usage until(Snapshot later) {
            long allocated = -1;
            if (!later.allocatedByThread.isEmpty()) {
                allocated = 0;
                for (Map.Entry<Long, Long> e : later.allocatedByThread.entrySet()) {
                    allocated += e.getValue() - allocatedByThread.getOrDefault(e.getKey(), 0L);
                }
            }
            return new Usage(later.wallNanos - wallNanos,
                    cpuNanos < 0 || later.cpuNanos < 0 ? -1 : later.cpuNanos - cpuNanos,
                    later.gcMillis - gcMillis, later.gcCount - gcCount, allocated);
        }
    }

    /**
     * What the process used during a phase.
     *
     * @param wallNanos elapsed wall time, ns
     * @param cpuNanos process CPU time, ns (-1 when unknown)
     * @param gcMillis GC time, ms
     * @param gcCount collections
     * @param allocatedBytes heap bytes allocated (-1 when unknown)
     */
    public record Usage(long wallNanos, long cpuNanos, long gcMillis, long gcCount, long allocatedBytes) {
        /**
         * @param units chunks (or connections), at least 1
         * @return CPU microseconds per unit
         */
        public double cpuMicrosPer(long units) {
            return cpuNanos < 0 ? -1 : cpuNanos / 1000.0 / Math.max(1, units);
        }

        /**
         * @param units chunks (or connections), at least 1
         * @return allocated bytes per unit
         */
        public double allocatedBytesPer(long units) {
            return allocatedBytes < 0 ? -1 : (double) allocatedBytes / Math.max(1, units);
        }

        /** @return CPU time over wall time: 1.0 is one core busy for the whole phase */
        public double coresBusy() {
            return cpuNanos < 0 || wallNanos <= 0 ? -1 : (double) cpuNanos / wallNanos;
        }
    }

    /** @return what the process has used so far */
    public static Snapshot now() {
        long gcMillis = 0;
        long gcCount = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcMillis += Math.max(0, gc.getCollectionTime());
            gcCount += Math.max(0, gc.getCollectionCount());
        }
        long cpu = -1;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            cpu = os.getProcessCpuTime();
        }
        Map<Long, Long> allocated = new HashMap<>();
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads
                && threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled()) {
            long[] ids = threads.getAllThreadIds();
            long[] bytes = threads.getThreadAllocatedBytes(ids);
            for (int i = 0; i < ids.length; i++) {
                if (bytes[i] >= 0) {
                    allocated.put(ids[i], bytes[i]);
                }
            }
        }
        return new Snapshot(System.nanoTime(), cpu, gcMillis, gcCount, allocated);
    }

    /** @return heap bytes in use after a few full collections (the smallest reading) */
    public static long heapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long min = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            min = Math.min(min, memory.getHeapMemoryUsage().getUsed());
        }
        return min;
    }
}
