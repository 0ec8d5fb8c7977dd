// Preloaded (`node --require`) into every measured tool process: on exit, writes the process's
// peak resident set size in KiB (worker threads included) to the file the benchmark names.
// Plain CommonJS so that it loads before anything else and adds nothing measurable.
'use strict';
const target = process.env.AWAITWISE_BENCH_RSS_FILE;
if (target) {
  process.on('exit', () => {
    require('node:fs').writeFileSync(target, String(process.resourceUsage().maxRSS));
  });
}
