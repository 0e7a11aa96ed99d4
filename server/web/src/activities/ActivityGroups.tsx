import { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Activity } from '../../../../core/src/api-client';
import { ACTIVITY_GROUPS, ActivityGroupKey, groupActivities } from '../dashboard/activity-groups';

/**
 * Open activities in their coloured groups — overdue, today, upcoming — each with its count, "nothing" when empty.
 * The dashboard's panel puts them under an h2 (so h3 here), the activities page under its h1 (h2 here).
 */
export function ActivityGroups({
  activities,
  heading: Heading,
  idPrefix,
  item,
}: {
  activities: readonly Activity[];
  heading: 'h2' | 'h3';
  /** Prefix of each group heading's id (`${idPrefix}-overdue`), which names the group. */
  idPrefix: string;
  item(activity: Activity, group: ActivityGroupKey): ReactNode;
}) {
  const { t } = useTranslation();
  const groups = groupActivities(activities);
  return ACTIVITY_GROUPS.map((key) => (
    <section key={key} className={`activity-group activity-${key}`} aria-labelledby={`${idPrefix}-${key}`}>
      <Heading id={`${idPrefix}-${key}`}>
        {t(`dashboard.${key}`)} <span className="count">({groups[key].length})</span>
      </Heading>
      {groups[key].length === 0 ? (
        <p className="group-empty">{t('dashboard.groupEmpty')}</p>
      ) : (
        <ul className="activity-list" data-group={key}>
          {groups[key].map((activity) => item(activity, key))}
        </ul>
      )}
    </section>
  ));
}
