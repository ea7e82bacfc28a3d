package org.tapedeck.engine.backend.cuda;

/**
 * A launch shape: blocks in x, y, z and threads per block in x, y. The elementwise kernels loop
 * over their elements with a grid stride (TD_GRID_LOOP), so any grid covers them; {@link #over}
 * picks one thread per element up to a cap, beyond which threads take several elements.
 *
 * <pre>{@code
 * Grid g = Grid.over(1_000_000);   // 3907 blocks of 256 threads
 * }</pre>
 */
record Grid(int blocksX, int blocksY, int blocksZ, int threadsX, int threadsY) {
    static final int THREADS = 256;
    /** Blocks beyond which grid-stride loops take over: 65535 x 256 threads is plenty on any GPU. */
    static final int MAX_BLOCKS = 65535;

    /** One thread per element for {@code n} elements (at least one block). */
    static Grid over(int n) {
        int blocks = (int) Math.min(MAX_BLOCKS, Math.max(1, ((long) n + THREADS - 1) / THREADS));
        return new Grid(blocks, 1, 1, THREADS, 1);
    }

    static Grid of(int blocksX, int blocksY, int blocksZ, int threadsX, int threadsY) {
        return new Grid(blocksX, blocksY, blocksZ, threadsX, threadsY);
    }

    /** Total threads; with a grid-stride loop, thread t handles elements t, t + total, t + 2 total, ... */
    long threads() { return (long) blocksX * blocksY * blocksZ * threadsX * threadsY; }
}
