// One way to say what is wrong with a file that a zod schema rejected (a transcript, a panel file,
// a transcript built from text): every invalid field, up to a handful, in one sentence.
import { sanitizeLine } from './sanitize.js';

/** The parts of a zod issue this formatter reads (zod 4's issue shapes). */
export interface IssueLike {
  code?: string;
  path: readonly PropertyKey[];
  message: string;
  expected?: string;
  keys?: readonly string[];
  values?: readonly unknown[];
  origin?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  inclusive?: boolean;
  /** invalid_union: each alternative's own issues. */
  errors?: readonly (readonly IssueLike[])[];
}

/**
 * A union's failure as the issues of its closest alternative (the one with the fewest), with the
 * union's path in front: "judgement.summary should be a string" rather than "judgement is invalid".
 */
export function closestIssues(issues: readonly IssueLike[]): IssueLike[] {
  return issues.flatMap((issue) => {
    const branches = issue.code === 'invalid_union' ? (issue.errors ?? []).filter((b) => b.length > 0) : [];
    if (branches.length === 0) return [issue];
    const closest = branches.reduce((a, b) => (b.length < a.length ? b : a));
    return closestIssues(closest.map((inner) => ({ ...inner, path: [...issue.path, ...inner.path] })));
  });
}

/** How many problems one sentence names at most; the rest are counted. */
export const MAX_NAMED_ISSUES = 5;

const clip = (text: string, max = 40) => {
  const line = sanitizeLine(text);
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
};

/** `rounds[0].turns[2].vote` */
export function issuePath(path: readonly PropertyKey[]): string {
  return path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${clip(String(p))}`))
    .join('')
    .replace(/^\./, '');
}

const KINDS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'an array',
  object: 'an object',
  null: 'null',
  undefined: 'missing',
  bigint: 'a number',
};
const kind = (name: string) => KINDS[name] ?? name;

// zod's own messages start like this; a message written in a schema (".min(2, 'needs at least two
// debaters')", a superRefine's) is already a phrase about the field and is used as it stands.
const DEFAULT_MESSAGE = /^(?:Invalid|Too (?:small|big)|Unrecognized key|Expected)/;

/** What is wrong with one field, as the end of a sentence that starts with the field's name. */
export function describeIssue(issue: IssueLike): string {
  if (!DEFAULT_MESSAGE.test(issue.message)) return clip(issue.message, 160);
  switch (issue.code) {
    case 'invalid_type': {
      const received = /received (\w+)/.exec(issue.message)?.[1];
      if (received === 'undefined') return 'is missing';
      const expected = issue.expected ? kind(issue.expected) : 'something else';
      return received ? `should be ${expected}, not ${kind(received)}` : `should be ${expected}`;
    }
    case 'invalid_value': {
      const values = (issue.values ?? []).map((v) => clip(JSON.stringify(v) ?? String(v)));
      if (values.length === 1) return `should be ${values[0]}`;
      return `should be one of ${values.slice(0, -1).join(', ')} or ${values.at(-1)}`;
    }
    case 'unrecognized_keys': {
      const keys = (issue.keys ?? []).slice(0, MAX_NAMED_ISSUES).map((k) => `"${clip(k)}"`);
      return `has unknown field${keys.length === 1 ? '' : 's'} ${keys.join(', ')}`;
    }
    case 'too_small':
    case 'too_big': {
      const small = issue.code === 'too_small';
      const bound = Number(small ? issue.minimum : issue.maximum);
      const strict = issue.inclusive === false;
      if (issue.origin === 'string') return small && bound <= 1 ? 'should not be empty' : `should have ${small ? 'at least' : 'at most'} ${bound} characters`;
      if (issue.origin === 'array' || issue.origin === 'set') return `should hold ${small ? 'at least' : 'at most'} ${bound} item${bound === 1 ? '' : 's'}`;
      return `should be ${small ? (strict ? 'more than' : 'at least') : strict ? 'less than' : 'at most'} ${bound}`;
    }
    default:
      return `is invalid (${clip(issue.message.charAt(0).toLowerCase() + issue.message.slice(1), 80)})`;
  }
}

/**
 * Every invalid field (up to MAX_NAMED_ISSUES, then how many more) as the body of one sentence:
 * `the field "id" should be a string, not a number; and the field "rounds" should be an array, not a string`.
 * `subject` names a field from its path ("" for the whole file).
 */
export function formatZodIssues(issues: readonly IssueLike[], subject: (path: string) => string): string {
  const parts: string[] = [];
  for (const issue of closestIssues(issues)) {
    const part = `${subject(issuePath(issue.path))} ${describeIssue(issue)}`.trim();
    if (!parts.includes(part)) parts.push(part);
  }
  if (parts.length === 0) return 'it is invalid';
  const named = parts.slice(0, MAX_NAMED_ISSUES);
  const more = parts.length - named.length;
  if (more > 0) named.push(`${more} more problem${more === 1 ? '' : 's'}`);
  if (named.length === 1) return named[0]!;
  return `${named.slice(0, -1).join('; ')}; and ${named.at(-1)}`;
}

/** The subject for a transcript's fields: `the field "rounds[0].vote"`, or `the transcript`. */
export const transcriptField = (path: string) => (path ? `the field "${path}"` : 'the transcript');
