import type { RecordCodec } from './codec';
import { contactCodec } from './contact-codec';
import { eventCodec } from './event-codec';
import type { RecordKind } from './fields';
import { taskCodec } from './task-codec';

export function codecFor(kind: RecordKind): RecordCodec {
  if (kind === 'contact') return contactCodec();
  return kind === 'event' ? eventCodec() : taskCodec();
}
