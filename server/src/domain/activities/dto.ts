import { Activity } from './model';
import { ActivityState, activityState, localDay } from './state';

export interface ActivityDto {
  id: number;
  uid: string;
  kind: Activity['kind'];
  summary: string;
  note: string | null;
  dueDate: string | null;
  dueTime: string | null;
  assignedUserId: number | null;
  createdById: number | null;
  recordType: Activity['recordType'];
  recordId: number | null;
  partnerId: number | null;
  status: Activity['status'];
  state: ActivityState;
  doneAt: string | null;
  callDirection: Activity['callDirection'];
  callDurationSeconds: number | null;
  callOutcome: string | null;
  revision: number;
  createdAt: string;
  updatedAt: string;
}

export function activityDto(activity: Activity, today: string = localDay()): ActivityDto {
  return {
    id: activity.id,
    uid: activity.uid,
    kind: activity.kind,
    summary: activity.summary,
    note: activity.note,
    dueDate: activity.dueDate,
    dueTime: activity.dueTime,
    assignedUserId: activity.assignedUserId,
    createdById: activity.createdById,
    recordType: activity.recordType,
    recordId: activity.recordId,
    partnerId: activity.partnerId,
    status: activity.status,
    state: activityState(activity.status, activity.dueDate, today),
    doneAt: activity.doneAt ? activity.doneAt.toISOString() : null,
    callDirection: activity.callDirection,
    callDurationSeconds: activity.callDurationSeconds,
    callOutcome: activity.callOutcome,
    revision: Number(activity.revision),
    createdAt: activity.createdAt.toISOString(),
    updatedAt: activity.updatedAt.toISOString(),
  };
}
