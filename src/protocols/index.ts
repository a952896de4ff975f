// The protocols roundtable runs, by name.
import { council } from './council.js';
import type { Protocol, ProtocolName } from './protocol.js';
import { roundtable } from './roundtable.js';

export const PROTOCOL_TABLE: Record<ProtocolName, Protocol> = { roundtable, council };

export function protocolNamed(name: ProtocolName | undefined): Protocol {
  return PROTOCOL_TABLE[name ?? 'roundtable'];
}
