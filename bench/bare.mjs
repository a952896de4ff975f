// The limit: the same calls a debate makes, made by a bare script with the same SDKs and nothing
// else (no validation, no transcript, no retries, no screen). Plain JavaScript so that its start-up
// is what Node and the SDKs cost. Each round's calls go out together; a round waits for the last
// answer; each prompt quotes every argument of the round before, as roundtable's prompts do.
// Input: BENCH_BARE = {"seats":[{"provider":"openai"|"anthropic","model":"…"}],"judge":{…}|null,"rounds":n,"motion":"…"}
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
for (let round = 1; round <= plan.rounds; round++) {
  const quoted = previous.map((t, i) => `Debater ${i + 1} said:\n${t}`).join('\n\n');
  const user = `Motion: ${plan.motion}\nRound ${round} of ${plan.rounds}.\n\n${quoted}`;
  previous = await Promise.all(plan.seats.map((seat) => ask(seat, system, user)));
}
if (plan.judge) {
  await ask(plan.judge, 'You are the judge of the AI Roundtable.', `Motion: ${plan.motion}\n\n${previous.join('\n\n')}`);
}
