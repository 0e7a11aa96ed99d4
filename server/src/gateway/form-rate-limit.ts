import type { Sequelize } from 'sequelize';
import { countAttempt } from '../throttle/attempt-counts';
import type { ThrottleDecision } from '../throttle/sliding-window';

/** The per-IP limit is per hour (`max_per_ip_hour` of the form). */
export const FORM_WINDOW_MS = 60 * 60_000;

/**
 * Counts a submission against its form's per-IP limit, on the attempt throttle every server process shares
 * (throttle/attempt-counts.ts, kind `lead-form`, subject `<form id>|<ip>`): several stateless processes behind one
 * database must not each allow the limit. Every submission counts, accepted or not by the later checks; a refused one
 * takes its hit back, so a flood does not push the wait further out.
 */
export function takeFormSubmission(
  sequelize: Sequelize,
  formId: number,
  ip: string,
  max: number,
  now: number,
): Promise<ThrottleDecision> {
  return countAttempt(
    sequelize,
    [{ kind: 'lead-form', subject: `${formId}|${ip}`, max, windowMs: FORM_WINDOW_MS }],
    now,
  );
}
