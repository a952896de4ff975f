// Preloaded into the benchmarked CLI process: reports its peak resident set size on exit.
process.on('exit', () => process.stderr.write(`\nBENCH-MAXRSS-KB ${process.resourceUsage().maxRSS}\n`));
