package io.ledgerhouse.advise.engine;

import java.util.Arrays;

/**
 * The queries of one warehouse as the auto-suspend replay sees them, in arrival order: when each asked for the
 * warehouse (QUERY_HISTORY start_time: Snowflake resumes on submission and compiles while it provisions), when it
 * ended, and on which cluster it ran. Held as three primitive columns (14 bytes a query), so a month of a busy
 * account fits in a small heap.
 */
public final class QueryTimeline {

    private final long[] arrivalMs;
    private final int[] holdMs;
    private final short[] cluster;
    private final int size;
    private final int highestCluster;

    private QueryTimeline(long[] arrivalMs, int[] holdMs, short[] cluster, int size) {
        this.arrivalMs = arrivalMs;
        this.holdMs = holdMs;
        this.cluster = cluster;
        this.size = size;
        int highest = 1;
        for (int i = 0; i < size; i++) {
            highest = Math.max(highest, cluster[i]);
        }
        this.highestCluster = highest;
    }

    public static Builder builder() {
        return new Builder(1024);
    }

    /** A builder with room for {@code expected} queries before it grows. */
    public static Builder builder(int expected) {
        return new Builder(Math.max(16, expected));
    }

    public int size() {
        return size;
    }

    public long arrivalMs(int i) {
        return arrivalMs[i];
    }

    public long endMs(int i) {
        return arrivalMs[i] + holdMs[i];
    }

    /** The cluster number, from 1. */
    public int cluster(int i) {
        return cluster[i];
    }

    /** The highest cluster number any query ran on (1 when there are none). */
    public int highestCluster() {
        return highestCluster;
    }

    /**
     * The same queries placed as if the warehouse always used its lowest-numbered cluster with room: a query goes to
     * the first cluster holding fewer than {@code concurrency} queries at its arrival. Used to estimate a warehouse
     * with fewer standing clusters.
     */
    public QueryTimeline packed(int concurrency) {
        short[] placed = new short[size];
        // per cluster, the end times of the queries it holds (a small binary heap each)
        long[][] heaps = new long[4][];
        int[] counts = new int[4];
        for (int i = 0; i < size; i++) {
            long t = arrivalMs[i];
            int chosen = -1;
            for (int c = 0; c < heaps.length && chosen < 0; c++) {
                if (heaps[c] == null) {
                    heaps[c] = new long[concurrency];
                }
                while (counts[c] > 0 && heaps[c][0] <= t) {
                    counts[c] = pop(heaps[c], counts[c]);
                }
                if (counts[c] < concurrency) {
                    chosen = c;
                }
            }
            if (chosen < 0) {
                chosen = heaps.length;
                heaps = Arrays.copyOf(heaps, heaps.length * 2);
                counts = Arrays.copyOf(counts, counts.length * 2);
                heaps[chosen] = new long[concurrency];
            }
            counts[chosen] = push(heaps[chosen], counts[chosen], endMs(i));
            placed[i] = (short) (chosen + 1);
        }
        return new QueryTimeline(arrivalMs, holdMs, placed, size);
    }

    private static int push(long[] heap, int n, long v) {
        int i = n;
        heap[i] = v;
        while (i > 0 && heap[(i - 1) / 2] > heap[i]) {
            long tmp = heap[i];
            heap[i] = heap[(i - 1) / 2];
            heap[(i - 1) / 2] = tmp;
            i = (i - 1) / 2;
        }
        return n + 1;
    }

    private static int pop(long[] heap, int n) {
        heap[0] = heap[n - 1];
        int i = 0;
        int last = n - 1;
        while (true) {
            int l = 2 * i + 1;
            int r = l + 1;
            int s = i;
            if (l < last && heap[l] < heap[s]) {
                s = l;
            }
            if (r < last && heap[r] < heap[s]) {
                s = r;
            }
            if (s == i) {
                return last;
            }
            long tmp = heap[i];
            heap[i] = heap[s];
            heap[s] = tmp;
            i = s;
        }
    }

    /** Collects queries in any order; {@link #build()} sorts them by arrival. */
    public static final class Builder {
        private long[] arrival;
        private int[] hold;
        private short[] cluster;
        private int size;
        private boolean sorted = true;

        private Builder(int capacity) {
            arrival = new long[capacity];
            hold = new int[capacity];
            cluster = new short[capacity];
        }

        /** A query that asked for cluster {@code clusterNumber} (from 1) at {@code arrivalMs} and ended at {@code endMs}. */
        public Builder add(long arrivalMs, long endMs, int clusterNumber) {
            if (endMs < arrivalMs) {
                throw new IllegalArgumentException("a query cannot end before it arrives");
            }
            if (endMs - arrivalMs > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("a query cannot hold a warehouse for more than 24 days");
            }
            if (clusterNumber < 1 || clusterNumber > Short.MAX_VALUE) {
                throw new IllegalArgumentException("cluster numbers start at 1");
            }
            if (size == arrival.length) {
                int n = size + (size >> 1) + 16;
                arrival = Arrays.copyOf(arrival, n);
                hold = Arrays.copyOf(hold, n);
                cluster = Arrays.copyOf(cluster, n);
            }
            if (size > 0 && arrivalMs < arrival[size - 1]) {
                sorted = false;
            }
            arrival[size] = arrivalMs;
            hold[size] = (int) (endMs - arrivalMs);
            cluster[size] = (short) clusterNumber;
            size++;
            return this;
        }

        public QueryTimeline build() {
            if (!sorted) {
                sortByArrival();
            }
            return new QueryTimeline(arrival, hold, cluster, size);
        }

        /** A stable merge sort of the three columns by arrival. */
        private void sortByArrival() {
            int[] order = new int[size];
            for (int i = 0; i < size; i++) {
                order[i] = i;
            }
            int[] buffer = new int[size];
            for (int width = 1; width < size; width *= 2) {
                for (int lo = 0; lo < size; lo += 2 * width) {
                    int mid = Math.min(lo + width, size);
                    int hi = Math.min(lo + 2 * width, size);
                    int a = lo;
                    int b = mid;
                    for (int k = lo; k < hi; k++) {
                        buffer[k] = a < mid && (b >= hi || arrival[order[a]] <= arrival[order[b]]) ? order[a++]
                                : order[b++];
                    }
                }
                int[] tmp = order;
                order = buffer;
                buffer = tmp;
            }
            long[] a2 = new long[size];
            int[] h2 = new int[size];
            short[] c2 = new short[size];
            for (int i = 0; i < size; i++) {
                a2[i] = arrival[order[i]];
                h2[i] = hold[order[i]];
                c2[i] = cluster[order[i]];
            }
            arrival = a2;
            hold = h2;
            cluster = c2;
        }
    }
}
