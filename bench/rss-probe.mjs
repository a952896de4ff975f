// Preloaded into the benchmarked CLI process: reports its peak resident set size and the CPU time
// it used (user + system) on exit.
process.on('exit', () => {
  const usage = process.resourceUsage();
  process.stderr.write(`\nBENCH-MAXRSS-KB ${usage.maxRSS}\nBENCH-CPU-US ${usage.userCPUTime + usage.systemCPUTime}\n`);
});
