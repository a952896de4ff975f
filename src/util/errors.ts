// Named exit codes, and the error that means "the user gave us something we cannot use".
export const ExitCode = {
  ok: 0,
  failed: 1,
  usage: 2,
  interrupted: 130,
} as const;

/** Bad usage or bad input: reported as one sentence on stderr, exit code 2, never a stack trace. */
export class UsageError extends Error {
  override name = 'UsageError';
}
