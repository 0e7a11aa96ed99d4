import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { Activity, ActivityListQuery } from '../../../../core/src/api-client';
import { api } from '../api/client';
import { usersQuery } from '../api/reference-data';
import { useUser } from '../session/session';
import { LoadMore } from '../ui/LoadMore';
import { Empty, ErrorMessage, Loading } from '../ui/states';
import { LogCallForm } from './LogCallForm';
import { ActivityGroups } from './ActivityGroups';
import { ActivityItem } from './ActivityItem';

const KINDS: Activity['kind'][] = ['call', 'meeting', 'task', 'email'];
const PAGE_SIZE = 200;

/**
 * All planned activities with their colour state (overdue red, today orange, upcoming green): mine, everyone's
 * the access policy shows, one colleague's or one team's; by type; mark done, reschedule, open the record; "log a call" that already happened.
 * Filters in the URL (?who=all&kind=call, ?who=7, ?who=team-2).
 */
export function ActivitiesPage() {
  const { t } = useTranslation();
  const user = useUser();
  const [params, setParams] = useSearchParams();
  // Mine, everyone's the access policy shows, one colleague's or one team's (?who=all, ?who=7, ?who=team-2).
  const whoParam = params.get('who') ?? 'mine';
  const who = whoParam === 'all' || /^(team-)?\d+$/.test(whoParam) ? whoParam : 'mine';
  const users = useQuery(usersQuery);
  const teams = useQuery({ queryKey: ['teams'], queryFn: () => api.listTeams() });
  const kindParam = params.get('kind') as Activity['kind'] | null;
  const kind = kindParam && KINDS.includes(kindParam) ? kindParam : undefined;
  const setFilter = (next: { who?: string; kind?: string }) => {
    const merged = { who, kind: kind ?? '', ...next };
    setParams({
      ...(merged.who !== 'mine' ? { who: merged.who } : {}),
      ...(merged.kind ? { kind: merged.kind } : {}),
    });
  };
  const filters: ActivityListQuery = {
    status: 'open',
    ...assigneeFilter(who, user.id),
    ...(kind ? { kind } : {}),
  };
  const query = useInfiniteQuery({
    queryKey: ['activities', 'page', filters],
    queryFn: ({ pageParam }) => api.listActivities({ ...filters, limit: PAGE_SIZE, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const activities = query.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <div className="list-page">
      <h1>{t('activities.title')}</h1>
      <LogCallForm />
      <div className="filter-bar" role="search">
        <label htmlFor="activities-who" className="visually-hidden">
          {t('activities.whose')}
        </label>
        <select id="activities-who" value={who} onChange={(event) => setFilter({ who: event.target.value })}>
          <option value="mine">{t('activities.who.mine')}</option>
          <option value="all">{t('activities.who.all')}</option>
          {(users.data ?? [])
            .filter((other) => other.id !== user.id)
            .map((other) => (
              <option key={other.id} value={String(other.id)}>
                {other.name}
              </option>
            ))}
          {(teams.data ?? []).map((team) => (
            <option key={`team-${team.id}`} value={`team-${team.id}`}>
              {t('activities.teamOption', { name: team.name })}
            </option>
          ))}
        </select>
        <label htmlFor="activities-kind" className="visually-hidden">
          {t('activities.kind')}
        </label>
        <select id="activities-kind" value={kind ?? ''} onChange={(event) => setFilter({ kind: event.target.value })}>
          <option value="">{t('activities.allKinds')}</option>
          {KINDS.map((value) => (
            <option key={value} value={value}>
              {t(`activityKinds.${value}`)}
            </option>
          ))}
        </select>
      </div>
      {query.isPending ? <Loading /> : null}
      {query.isError ? <ErrorMessage error={query.error} onRetry={() => void query.refetch()} /> : null}
      {query.isSuccess && activities.length === 0 ? (
        <Empty>{who === 'mine' && !kind ? t('activities.emptyMine') : t('activities.noMatch')}</Empty>
      ) : null}
      {activities.length > 0 ? (
        <ActivityGroups
          activities={activities}
          heading="h2"
          idPrefix="activities"
          item={(activity) => (
            <ActivityItem key={activity.id} activity={activity} link={<RecordLink activity={activity} />} />
          )}
        />
      ) : null}
      <LoadMore query={query} />
    </div>
  );
}

/** The API filter for the "whose" choice. */
function assigneeFilter(who: string, me: number): Pick<ActivityListQuery, 'assignedUserId' | 'teamId'> {
  if (who === 'mine') return { assignedUserId: me };
  if (who === 'all') return {};
  if (who.startsWith('team-')) return { teamId: Number(who.slice('team-'.length)) };
  return { assignedUserId: Number(who) };
}

function RecordLink({ activity }: { activity: Activity }) {
  const { t } = useTranslation();
  if (activity.recordType === 'lead' && activity.recordId) {
    return <Link to={`/opportunities/${activity.recordId}`}>{t('activities.openRecord')}</Link>;
  }
  const partnerId = activity.recordType === 'partner' ? activity.recordId : activity.partnerId;
  return partnerId ? <Link to={`/partners/${partnerId}`}>{t('activities.openPartner')}</Link> : null;
}
