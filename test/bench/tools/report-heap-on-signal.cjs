// Preloaded (`node --expose-gc --require`) into the language server by the soak benchmark: on
// SIGUSR2 it runs a full garbage collection, then writes the process's memory figures (bytes)
// as JSON to the file the benchmark names. Sampling after a collection measures what the
// server keeps, not how much garbage happened to be waiting. The server's own code is untouched.
'use strict';
const target = process.env.AWAITWISE_BENCH_HEAP_FILE;
if (target) {
  let sample = 0;
  process.on('SIGUSR2', () => {
    if (typeof global.gc === 'function') global.gc();
    const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
    require('node:fs').writeFileSync(target, JSON.stringify({ sample: ++sample, collected: typeof global.gc === 'function', rss, heapUsed, external, arrayBuffers }));
  });
}
