// Preloaded into the benchmarked CLI process: reports its peak resident set size, the CPU time
// it used (user + system) on exit, and the CPU time it had used when it first called fetch (its
// first request: both SDKs, in roundtable and in the bare loop, call the global fetch).
let firstFetchUs = null;
const fetch = globalThis.fetch;
globalThis.fetch = function (...args) {
  if (firstFetchUs === null) {
    const u = process.cpuUsage();
    firstFetchUs = u.user + u.system;
  }
  return fetch.apply(this, args);
};
process.on('exit', () => {
  const usage = process.resourceUsage();
  process.stderr.write(`\nBENCH-MAXRSS-KB ${usage.maxRSS}\nBENCH-CPU-US ${usage.userCPUTime + usage.systemCPUTime}\nBENCH-CPU-FIRST-US ${firstFetchUs ?? 0}\n`);
});
