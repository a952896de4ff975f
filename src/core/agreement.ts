// How many agreed, said inside parentheses after a synthesis ("… (3 of 6 models agreed)"), for the
// views that put it there (live view, replay, report, compare). agreementPhrase's "No agreement
// (largest position 2 of 6)" would nest parentheses; here it reads "no agreement: largest position 2 of 6".
import { agreementPhrase } from './result.js';
import type { OpenResult } from './schema.js';

export function agreementNote(result: Pick<OpenResult, 'label' | 'agreed' | 'panelSize'>): string {
  if (result.label === 'No agreement') return `no agreement: largest position ${result.agreed} of ${result.panelSize}`;
  return agreementPhrase(result);
}
