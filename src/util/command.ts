// How a command is typed in a suggestion on screen, in an error or in a tool's reply: the README's
// form, which runs after `npm install`.

export const COMMAND = 'npx roundtable';

/** A word for a POSIX shell: as is when it is plain, in single quotes otherwise. */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A command to suggest, ready to copy: `npx roundtable debate --resume 'my file.json'`. */
export function suggestCommand(...args: string[]): string {
  return [COMMAND, ...args.map(shellWord)].join(' ');
}
