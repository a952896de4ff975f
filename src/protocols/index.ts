// The protocols roundtable runs, by name.
import { council } from './council.js';
import type { Protocol, ProtocolName } from './protocol.js';
import { openCouncil, openRoundtable } from './open.js';
import { roundtable } from './roundtable.js';

export const PROTOCOL_TABLE: Record<ProtocolName, Protocol> = { roundtable, council };

/** The same protocols for an open question (no options: answers in a sentence, the judge's synthesis). */
export const OPEN_PROTOCOL_TABLE: Record<ProtocolName, Protocol> = { roundtable: openRoundtable, council: openCouncil };

export function protocolNamed(name: ProtocolName | undefined, open = false): Protocol {
  return (open ? OPEN_PROTOCOL_TABLE : PROTOCOL_TABLE)[name ?? 'roundtable'];
}
