// Who debates: a panel file, a preset, or a list of model ids; and who judges.
import { z } from 'zod';
import { parseModelId } from '../agents/model-id.js';
import { MAX_PANEL } from '../core/schema.js';
import { PRESETS, type PanelPreset, type SeatConfig } from '../core/seat.js';
import { readInputFile } from '../transcript/store.js';
import { UsageError } from '../util/errors.js';
import { describeJsonError } from '../util/json-error.js';
import { formatZodIssues } from '../util/zod-issues.js';

const SeatSchema = z.strictObject({
  name: z.string().trim().min(1, 'needs a non-empty "name"'),
  // A person's seat ("human": true) has no model.
  model: z.string().trim().min(1, 'needs a "model" of the form provider:model').optional(),
  human: z.literal(true, 'has "human" set to something other than true').optional(),
  baseURL: z.string().url('has a "baseURL" that is not a URL').optional(),
  apiKeyEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'has an "apiKeyEnv" that is not a variable name').optional(),
  temperature: z.number().min(0).max(2).optional(),
  persona: z.string().trim().min(1, 'has an empty "persona"').max(2000, 'has a "persona" longer than 2000 characters').optional(),
  stance: z.string().trim().min(1, 'has an empty "stance"').optional(),
  /** --via openrouter: this seat's OpenRouter id (vendor/model). */
  openrouter: z.string().regex(/^[\w.-]+\/[\w.:-]+$/, 'has an "openrouter" id that is not of the form vendor/model').optional(),
  /** --via compat: the model name the gateway knows this seat by. */
  gatewayModel: z.string().trim().min(1).optional(),
  /** The other debaters (by name) this seat reads in later rounds, whatever --topology says. */
  reads: z.array(z.string().trim().min(1)).max(1000).optional(),
}).superRefine((seat, ctx) => {
  // A model's seat names its model; a person's seat ("human": true) has none. Reported at the
  // seat's "model" field, like any other field's problem.
  if (seat.human && seat.model !== undefined) ctx.addIssue({ code: 'custom', path: ['model'], message: 'is a person ("human": true), so it takes no "model"' });
  if (!seat.human && seat.model === undefined) ctx.addIssue({ code: 'custom', path: ['model'], message: 'needs a "model" of the form provider:model (or "human": true for the person at the terminal)' });
});

const PanelFileSchema = z.strictObject({
  debaters: z.array(SeatSchema).min(2, 'needs at least two debaters'),
  judge: SeatSchema.nullable().optional(),
});

/** The model a person's seat goes by inside roundtable; the transcript records null. */
export const HUMAN_MODEL = 'human';

type SeatLine = z.infer<typeof SeatSchema>;

/** A panel file's seat as roundtable seats it: a person's seat, or a model's (which must name its model). */
function seatOf(seat: SeatLine, where: string): PanelSeat {
  const { human, model, ...rest } = seat;
  if (human) {
    if (model !== undefined) throw new UsageError(`${where}: ${seat.name} is a person ("human": true), so it takes no "model".`);
    return { ...rest, model: HUMAN_MODEL, human: true };
  }
  if (model === undefined) throw new UsageError(`${where}: ${seat.name} needs a "model" of the form provider:model (or "human": true for the person at the terminal).`);
  return { ...rest, model };
}

/** A seat as a panel names it; `openrouter` and `gatewayModel` matter only with --via. */
export type PanelSeat = SeatConfig;
export type Panel = PanelPreset;
export { PRESETS };

function checkSeats(panel: Panel, where: string): Panel {
  if (panel.judge?.human) throw new UsageError(`${where}: the judge must be a model; a person takes a debater's seat ("human": true).`);
  if (panel.debaters.filter((d) => d.human).length > 1) throw new UsageError(`${where} seats more than one person; one person can take a seat, at the terminal.`);
  for (const seat of [...panel.debaters, ...(panel.judge ? [panel.judge] : [])]) {
    if (seat.human) continue;
    try {
      parseModelId(seat.model);
    } catch (err) {
      throw new UsageError(`${where}: ${(err as Error).message}`);
    }
  }
  const names = new Set<string>();
  for (const seat of panel.debaters) {
    const key = seat.name.toLowerCase();
    if (names.has(key)) throw new UsageError(`${where} names the debater "${seat.name}" twice; give each debater its own name.`);
    names.add(key);
  }
  for (const seat of panel.debaters) {
    for (const name of seat.reads ?? []) {
      const key = name.toLowerCase();
      if (key === seat.name.toLowerCase()) throw new UsageError(`${where}: ${seat.name} lists itself in "reads"; a seat always sees its own last turn, so list only the others.`);
      if (!names.has(key)) throw new UsageError(`${where}: ${seat.name} reads "${name}", who is not a debater on this panel.`);
    }
  }
  if (panel.judge?.reads) throw new UsageError(`${where}: the judge reads the whole debate, so it takes no "reads".`);
  return panel;
}

export function loadPanelFile(path: string): Panel {
  const text = readInputFile(path, 'a panel file', 1024 * 1024);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`The panel file ${path} is not valid JSON (${describeJsonError(err, text)}).`);
  }
  // The size first: a panel over the limit is refused before any seat is read.
  const debaters = (data as { debaters?: unknown } | null)?.debaters;
  if (Array.isArray(debaters) && debaters.length > MAX_PANEL) {
    throw new UsageError(`The panel file ${path} lists ${debaters.length} debaters; roundtable seats at most ${MAX_PANEL}.`);
  }
  const parsed = PanelFileSchema.safeParse(data);
  if (!parsed.success) {
    const problems = formatZodIssues(parsed.error.issues, (at) => (at ? `at ${at}` : ''));
    throw new UsageError(`The panel file ${path} ${problems}; see the panel format in docs/models.md.`);
  }
  const where = `The panel file ${path}`;
  const judge = parsed.data.judge === undefined ? undefined : parsed.data.judge === null ? null : seatOf(parsed.data.judge, where);
  return checkSeats({ debaters: parsed.data.debaters.map((d) => seatOf(d, where)), ...(judge !== undefined ? { judge } : {}) }, where);
}

/** --models a:b,c:d — names are the model part; the judge defaults to the first debater's model. */
export function panelFromModels(list: string): Panel {
  const ids = list.split(',').map((s) => s.trim()).filter(Boolean);
  if (ids.length < 2) throw new UsageError('--models needs at least two model ids, comma-separated, for example openai:gpt-5.4,anthropic:claude-opus-4-6.');
  const counts = new Map<string, number>();
  const debaters = ids.map((id) => {
    const { model } = parseModelId(id);
    const n = (counts.get(model) ?? 0) + 1;
    counts.set(model, n);
    return { name: n === 1 ? model : `${model} (${n})`, model: id };
  });
  return checkSeats({ debaters }, '--models');
}

export function resolvePanel(panel: string | undefined, models: string | undefined): Panel {
  if (panel && models) throw new UsageError('Give either --panel or --models, not both.');
  if (models) return panelFromModels(models);
  const name = panel ?? 'seed';
  const preset = PRESETS[name];
  if (preset) return preset;
  if (!/[./\\]/.test(name) && !name.endsWith('.json')) {
    throw new UsageError(`--panel "${name}" is neither a preset (${Object.keys(PRESETS).join(', ')}) nor a path to a panel file.`);
  }
  return loadPanelFile(name);
}
