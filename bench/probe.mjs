// Loaded into a benchmarked process with --import: samples its resident memory every 100 ms and,
// at exit, writes its CPU time (in all, and by its first fetch), peak RSS and the samples to BENCH_PROBE_FILE. The timer is unref'd,
// so it never keeps the process alive.
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_PROBE_FILE;
if (file) {
  const now = () => performance.timeOrigin + performance.now();
  const samples = [];
  // CPU time spent by the first request: taken when fetch is first called (both SDKs, in
  // roundtable and in the bare script, reach the global fetch at call time).
  let firstFetchCpuMs = null;
  const fetch = globalThis.fetch;
  globalThis.fetch = function (...args) {
    if (firstFetchCpuMs === null) {
      const u = process.cpuUsage();
      firstFetchCpuMs = (u.user + u.system) / 1000;
    }
    return fetch.apply(this, args);
  };
  setInterval(() => samples.push([now(), process.memoryUsage.rss()]), 100).unref();
  process.on('exit', () => {
    const r = process.resourceUsage();
    samples.push([now(), process.memoryUsage.rss()]);
    writeFileSync(file, JSON.stringify({ userMs: r.userCPUTime / 1000, systemMs: r.systemCPUTime / 1000, maxRssKb: r.maxRSS, firstFetchCpuMs, exitAt: now(), samples }));
  });
}
