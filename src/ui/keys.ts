// Keys as Ink hands them over. Several bytes read at once (two Ctrl-C, or a Ctrl-C behind another
// key) come as one input that Ink does not parse as a key, so Ctrl-C is looked for in the bytes too.
import type { Key } from 'ink';

export function isCtrlC(input: string, key: Key): boolean {
  return (key.ctrl && input === 'c') || input.includes('\u0003');
}
