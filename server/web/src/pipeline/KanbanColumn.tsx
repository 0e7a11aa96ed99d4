import { useDraggable, useDroppable } from '@dnd-kit/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Lead, LeadGroup, LeadGroupQuery, Stage } from '../../../../core/src/api-client';
import { api } from '../api/client';
import { formatMoney, TOTALS_CURRENCY } from '../ui/format';
import { ErrorMessage, Loading } from '../ui/states';
import { cardsOfColumn, columnId, PendingMoves } from './board-moves';
import { QuickCreate } from './QuickCreate';

/** Cards loaded per request: a column with thousands of opportunities loads them page by page. */
const PAGE_SIZE = 50;

interface ColumnProps {
  stage: Stage;
  totals: LeadGroup | undefined;
  /** The board's filters (type, scope, search); the column adds its stage. */
  leadQuery: LeadGroupQuery;
  moves: PendingMoves;
  onCreated(): void;
  onWon(lead: Lead): void;
  onLost(lead: Lead): void;
  onRestore(lead: Lead): void;
}

export function KanbanColumn({ stage, totals, leadQuery, moves, onCreated, ...actions }: ColumnProps) {
  const { t, i18n } = useTranslation();
  const { setNodeRef, isOver } = useDroppable({ id: columnId(stage.id) });
  const query = useInfiniteQuery({
    queryKey: ['leads', 'column', stage.id, leadQuery],
    queryFn: ({ pageParam }) => api.listLeads({ ...leadQuery, stageId: stage.id, limit: PAGE_SIZE, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const loaded = query.data?.pages.flatMap((page) => page.items) ?? [];
  const cards = cardsOfColumn(stage.id, loaded, moves);
  const titleId = `column-title-${stage.id}`;

  return (
    <section
      ref={setNodeRef}
      className={`column${isOver ? ' column-over' : ''}`}
      aria-labelledby={titleId}
      data-stage-id={stage.id}
    >
      <header className="column-header">
        <h2 id={titleId}>{stage.name}</h2>
        <p className="column-total" data-testid="column-total">
          {t('pipeline.columnTotal', {
            count: totals?.count ?? 0,
            amount: formatMoney(totals?.expectedRevenue ?? 0, TOTALS_CURRENCY, i18n.language),
          })}
        </p>
        <QuickCreate stage={stage} onCreated={onCreated} />
      </header>
      {query.isPending ? <Loading /> : null}
      {query.isError ? <ErrorMessage error={query.error} onRetry={() => void query.refetch()} /> : null}
      {query.isSuccess && cards.length === 0 ? <p className="column-empty">{t('pipeline.emptyColumn')}</p> : null}
      <ul className="cards">
        {cards.map((lead) => (
          <OpportunityCard key={lead.id} lead={lead} {...actions} />
        ))}
      </ul>
      {query.hasNextPage ? (
        <button type="button" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
          {t('pipeline.loadMore')}
        </button>
      ) : null}
    </section>
  );
}

type CardActions = Pick<ColumnProps, 'onWon' | 'onLost' | 'onRestore'>;

function OpportunityCard({ lead, onWon, onLost, onRestore }: CardActions & { lead: Lead }) {
  const { t, i18n } = useTranslation();
  const { attributes, listeners, setNodeRef, transform, isDragging } = useDraggable({
    id: `lead-${lead.id}`,
    data: { lead },
  });
  // Set through the CSSOM by React, which the Content-Security-Policy allows (a style attribute in markup it would not).
  const style = transform ? { transform: `translate3d(${transform.x}px, ${transform.y}px, 0)` } : undefined;
  return (
    <li
      ref={setNodeRef}
      style={style}
      className={`card${isDragging ? ' card-dragging' : ''}`}
      data-lead-id={lead.id}
      data-state={lead.state}
    >
      <div className="card-top">
        <button
          type="button"
          className="drag-handle"
          aria-label={t('pipeline.moveHandle', { name: lead.name })}
          {...attributes}
          {...listeners}
        >
          ⠿
        </button>
        <Link to={`/opportunities/${lead.id}`} className="card-name">
          {lead.name}
        </Link>
      </div>
      {lead.companyName ? <p className="card-company">{lead.companyName}</p> : null}
      <p className="card-figures">
        <span>{formatMoney(lead.expectedRevenue, lead.currency, i18n.language)}</span>
        <span className="card-probability">{t('pipeline.probability', { value: lead.probability })}</span>
      </p>
      {lead.state === 'open' && lead.active ? (
        <div className="card-actions">
          <button type="button" onClick={() => onWon(lead)} aria-label={t('pipeline.markWon', { name: lead.name })}>
            {t('pipeline.won')}
          </button>
          <button type="button" onClick={() => onLost(lead)} aria-label={t('pipeline.markLost', { name: lead.name })}>
            {t('pipeline.lost')}
          </button>
        </div>
      ) : (
        <div className="card-actions">
          <p className={`badge badge-${closedBadge(lead)}`}>{t(`pipeline.badges.${closedBadge(lead)}`)}</p>
          <button
            type="button"
            onClick={() => onRestore(lead)}
            aria-label={t('pipeline.restoreLabel', { name: lead.name })}
          >
            {t('pipeline.restore')}
          </button>
        </div>
      )}
    </li>
  );
}

/** Why a card is not in the running pipeline: won, lost (which also archives), or archived while open. */
function closedBadge(lead: Lead): 'won' | 'lost' | 'archived' {
  if (lead.state === 'won') return 'won';
  return lead.state === 'lost' ? 'lost' : 'archived';
}
