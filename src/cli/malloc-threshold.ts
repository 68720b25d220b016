/**
 * Imported first by the command line, for its side effect: a block of this size, allocated and let
 * go before anything else is loaded. Past glibc's largest dynamic threshold (32 MB on 64 bits), a
 * freed block would not raise it.
 */
export const FREED_BLOCK_BYTES = 30 << 20;

/*
 * Texts of a megabyte or more (a decoded package, an edited one) and every large buffer live
 * outside V8's heap, in blocks from malloc. glibc maps a block past its threshold (128 KB at first)
 * afresh and unmaps it when it is freed, and a page touched for the first time costs 13-15 µs on
 * our machines (bench/fresh-memory.js: 8.4 ms to fill 2.6 MB of new buffer, 0.02 ms to fill it
 * again). Freeing such a mapped block raises the threshold to its size (mallopt(3),
 * M_MMAP_THRESHOLD), after which blocks up to that size come from the heap and freed ones are used
 * again. This block is never touched (so it costs no page), and the first minor collection, during
 * loading, frees it. Let go when a batch starts instead, after loading and discovery, it came too
 * late for the first packages (-2.2%, p = 0.15). On the 2-core machine (`npm run bench:compare`,
 * three sets of 21-31 pairs of runs): the corpus dry run -2.3% to -4.8% (p < 0.001 in each), 4-5K
 * fewer page faults of 46K; the 20 MB package -2.3% to -2.8%; one small package unchanged. Where
 * malloc is not glibc's, an untouched block costs nothing.
 */
Buffer.allocUnsafeSlow(FREED_BLOCK_BYTES);
