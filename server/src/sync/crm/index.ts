import type { RecordKind } from '@akte/sync-engine';
import { contactsKind } from './contacts';
import type { CrmKind } from './crm-kind';
import { eventsKind } from './events';
import { tasksKind } from './tasks';

/** The CRM side of each record kind the server syncs. */
const kinds: Partial<Record<RecordKind, CrmKind>> = { contact: contactsKind, event: eventsKind, task: tasksKind };

export function crmKindFor(kind: RecordKind): CrmKind {
  const found = kinds[kind];
  if (!found) throw new Error(`The server does not sync ${kind} collections yet`);
  return found;
}

export const SYNCED_KINDS = Object.keys(kinds) as RecordKind[];
