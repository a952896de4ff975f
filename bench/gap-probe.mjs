// Preloaded into the benchmarked process beside rss-probe.mjs (bench/scale.ts with BENCH_GAP=1):
// the CPU time the process used in each round gap, measured on the client side. It wraps the global
// fetch (both SDKs call it, in roundtable and in the bare loop) and each response body, and keeps the
// CPU time (user + system) when a body ends and when a request is made. A request made while no other
// is in flight starts a round (a debate without a judge or digest: the round's calls go out together
// and the next round waits for the last answer); its gap is the CPU from the end of the last body
// before it to it. Unlike the stand-in's gap (last byte written to first request seen) it does not
// move much with the machine's load. On exit: BENCH-GAP-CPU-US a,b,…, BENCH-GAP-WALL-US a,b,… and
// BENCH-GAP-HRTIME-US start-end,… (process.hrtime in µs: the clock of a --cpu-prof profile's timestamps, to cut
// the gaps out of one)
const hrUs = () => Number(process.hrtime.bigint() / 1000n);
const cpuNow = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
let inFlight = 0;
let lastEnd = null;
const gaps = [];
const fetch = globalThis.fetch;
globalThis.fetch = async function (...args) {
  if (inFlight === 0 && lastEnd) gaps.push([cpuNow() - lastEnd.cpu, (performance.now() - lastEnd.wall) * 1000, lastEnd.hr, hrUs()]);
  inFlight++;
  let response;
  try {
    response = await fetch.apply(this, args);
  } catch (err) {
    inFlight--;
    throw err;
  }
  if (!response.body) {
    inFlight--;
    return response;
  }
  const reader = response.body.getReader();
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    inFlight--;
    lastEnd = { cpu: cpuNow(), wall: performance.now(), hr: hrUs() };
  };
  const body = new ReadableStream(
    {
      async pull(controller) {
        let read;
        try {
          read = await reader.read();
        } catch (err) {
          end();
          throw err;
        }
        if (read.done) {
          end();
          return controller.close();
        }
        controller.enqueue(read.value);
      },
      cancel(reason) {
        end();
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
};
process.on('exit', () => {
  process.stderr.write(`\nBENCH-GAP-CPU-US ${gaps.map((g) => g[0].toFixed(0)).join(',')}\nBENCH-GAP-WALL-US ${gaps.map((g) => g[1].toFixed(0)).join(',')}\nBENCH-GAP-HRTIME-US ${gaps.map((g) => `${g[2]}-${g[3]}`).join(',')}\n`);
});
