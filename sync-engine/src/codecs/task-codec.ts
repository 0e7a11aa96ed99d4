import {
  parseCalendarObject,
  taskFromCalendarObject,
  writeTaskToCalendarObject,
  type TaskData,
  type TaskStatus,
} from '@akte/core';
import type { RecordCodec } from './codec';
import { sameFields, type Fields } from './fields';

/** Tasks (VTODO, RFC 5545 §3.6.2) through core's codec; alarms, priorities and X- properties stay in the body. */
export function fieldsOfTask(task: TaskData): Fields {
  return {
    summary: task.summary,
    note: task.note,
    dueDate: task.dueDate,
    dueTime: task.dueTime,
    status: task.status,
    doneAt: task.doneAt ? task.doneAt.toISOString() : null,
  };
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

export function taskOfFields(uid: string, f: Fields): TaskData {
  const doneAt = str(f.doneAt);
  return {
    uid,
    summary: str(f.summary) ?? '',
    note: str(f.note),
    dueDate: str(f.dueDate),
    dueTime: str(f.dueTime),
    status: (str(f.status) ?? 'open') as TaskStatus,
    doneAt: doneAt ? new Date(doneAt) : null,
  };
}

export function taskCodec(): RecordCodec {
  return {
    kind: 'task',
    elementKeys: {},
    extension: '.ics',
    contentType: 'text/calendar; charset=utf-8',
    decode(body) {
      const object = parseCalendarObject(body, { allowedComponents: ['VTODO'] });
      return { uid: object.uid, fields: fieldsOfTask(taskFromCalendarObject(object)) };
    },
    encode(uid, fields, base) {
      if (base && sameFields(this.decode(base).fields, fields)) return base;
      return writeTaskToCalendarObject(taskOfFields(uid, fields), base).text;
    },
  };
}
