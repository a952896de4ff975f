// The limit: the same calls a debate makes, made by a bare script with the same SDKs and nothing
// else (no validation, no transcript, no retries, no screen). Plain JavaScript so that its start-up
// is what Node and the SDKs cost. Each round's calls go out together; a round waits for the last
// answer; each prompt quotes every argument of the round before, as roundtable's prompts do.
// Input: BENCH_BARE = {"seats":[{"provider":"openai"|"anthropic","model":"…"}],"judge":{…}|null,"rounds":n,"motion":"…",
//   "reads":K (optional: each seat quotes K others of the round before, drawn per round, as --topology random:K),
//   "digest":{…} (optional: one more call between rounds summing the round up, quoted to every seat, as --digest)}
// with OPENAI_BASE_URL / ANTHROPIC_BASE_URL pointing at the stand-in.
const plan = JSON.parse(process.env.BENCH_BARE ?? '{}');
const needs = new Set([...plan.seats, ...(plan.judge ? [plan.judge] : [])].map((s) => s.provider));
const openai = needs.has('openai') ? new (await import('openai')).default({ apiKey: 'sk-bench', baseURL: process.env.OPENAI_BASE_URL, maxRetries: 0 }) : null;
const anthropic = needs.has('anthropic')
  ? new (await import('@anthropic-ai/sdk')).default({ apiKey: 'sk-ant-bench', baseURL: process.env.ANTHROPIC_BASE_URL, maxRetries: 0 })
  : null;

async function ask(seat, system, user) {
  let text = '';
  if (seat.provider === 'anthropic') {
    const stream = await anthropic.messages.create({ model: seat.model, max_tokens: 1500, system, messages: [{ role: 'user', content: user }], stream: true });
    for await (const event of stream) if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
  } else {
    const stream = await openai.chat.completions.create({
      model: seat.model,
      messages: [
        { role: 'system', content: system },
        { role: 'user', content: user },
      ],
      max_completion_tokens: 1500,
      stream: true,
      stream_options: { include_usage: true },
    });
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
  }
  return text;
}

const system = `You are a debater in the AI Roundtable. Reply with JSON: {"vote": "Yes" or "No", "argument": "…"}.`;
let previous = [];
let digest = '';
const quote = (texts) => texts.map((t, i) => `Debater ${i + 1} said:\n${t}`).join('\n\n');
/** K distinct others of seat i, drawn at random (each reader its own draw, as random:K). */
const draw = (i, n, k) => {
  const picked = new Set();
  while (picked.size < Math.min(k, n - 1)) {
    const j = Math.floor(Math.random() * n);
    if (j !== i) picked.add(j);
  }
  return [...picked];
};
for (let round = 1; round <= plan.rounds; round++) {
  const head = `Motion: ${plan.motion}\nRound ${round} of ${plan.rounds}.\n\n${digest ? `Digest of the round before:\n${digest}\n\n` : ''}`;
  const shared = plan.reads ? '' : head + quote(previous);
  const before = previous;
  previous = await Promise.all(
    plan.seats.map((seat, i) => ask(seat, system, plan.reads && before.length ? head + quote(draw(i, before.length, plan.reads).map((j) => before[j])) : shared || head)),
  );
  if (plan.digest && round < plan.rounds) digest = await ask(plan.digest, 'You write a short neutral digest of a debate round.', quote(previous));
}
if (plan.judge) {
  await ask(plan.judge, 'You are the judge of the AI Roundtable.', `Motion: ${plan.motion}\n\n${previous.join('\n\n')}`);
}
