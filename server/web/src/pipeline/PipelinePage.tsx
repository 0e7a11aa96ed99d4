import {
  Announcements,
  defaultKeyboardCoordinateGetter,
  DndContext,
  DragEndEvent,
  KeyboardCoordinateGetter,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { Lead, Stage } from '../../../../core/src/api-client';
import { api } from '../api/client';
import { stagesQuery } from '../api/reference-data';
import { useUser } from '../session/session';
import { ErrorMessage, Loading, useErrorMessage } from '../ui/states';
import { PendingMoves, stageOfColumn } from './board-moves';
import { nextColumnPosition } from './column-keys';
import { FilterBar } from './FilterBar';
import { filtersOf, isDefault, leadQueryOf, paramsOf, PipelineFilters } from './filters';
import { KanbanColumn } from './KanbanColumn';
import { LostDialog } from './LostDialog';
import { PipelineList } from './PipelineList';

/**
 * The pipeline as a kanban board: one column per stage with its totals, opportunities dragged between columns
 * (mouse, touch or keyboard, dnd-kit). A move is shown at once and sent as PATCH stageId; the server sets the
 * stage's probability and may refuse the move — then the card returns and the server's message is shown.
 */
export function PipelinePage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const messageOf = useErrorMessage();
  const user = useUser();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => filtersOf(params), [params]);
  const leadQuery = useMemo(() => leadQueryOf(filters, user.id), [filters, user.id]);
  // The board or the list (?view=list), kept beside the filters in the URL.
  const view = params.get('view') === 'list' ? 'list' : 'board';
  const setFilters = useCallback(
    (next: PipelineFilters) =>
      setParams({ ...paramsOf(next), ...(view === 'list' ? { view } : {}) }, { replace: true }),
    [setParams, view],
  );
  const setView = (next: 'board' | 'list') =>
    setParams({ ...paramsOf(filters), ...(next === 'list' ? { view: next } : {}) }, { replace: true });
  const stages = useQuery(stagesQuery);
  const totals = useQuery({
    queryKey: ['leads', 'grouped', 'pipeline', leadQuery],
    queryFn: () => api.groupLeads('stage', leadQuery),
  });
  const [moves, setMoves] = useState<PendingMoves>(new Map());
  const [notice, setNotice] = useState<{ kind: 'status' | 'alert'; text: string } | null>(null);
  const [losing, setLosing] = useState<Lead | null>(null);

  const stageName = (id: number) => stages.data?.find((stage) => stage.id === id)?.name ?? String(id);
  const forget = (leadId: number) =>
    setMoves((current) => {
      const next = new Map(current);
      next.delete(leadId);
      return next;
    });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['leads'] });

  const move = useMutation({
    mutationFn: ({ lead, stageId }: { lead: Lead; stageId: number }) => api.updateLead(lead.id, { stageId }),
    onSuccess: async (_updated, { lead, stageId }) => {
      // Announced once the board shows the server's state: a refetch landing later would re-render the columns
      // under the next drag (a keyboard user lifts the next card as soon as the confirmation is read out).
      await refresh();
      forget(lead.id);
      setNotice({ kind: 'status', text: t('pipeline.moved', { name: lead.name, stage: stageName(stageId) }) });
    },
    onError: (error, { lead }) => {
      forget(lead.id);
      setNotice({ kind: 'alert', text: t('pipeline.moveFailed', { name: lead.name, message: messageOf(error) }) });
      void refresh();
    },
  });

  const restore = useMutation({
    mutationFn: (lead: Lead) => api.restoreLead(lead.id),
    onSuccess: () => refresh(),
    onError: (error) => setNotice({ kind: 'alert', text: messageOf(error) }),
  });

  const won = useMutation({
    mutationFn: (lead: Lead) => api.markLeadWon(lead.id),
    onSuccess: () => refresh(),
    onError: (error) => setNotice({ kind: 'alert', text: messageOf(error) }),
  });

  const sensors = useSensors(
    // A few pixels before a drag starts, so a click on the handle stays a click.
    useSensor(PointerSensor, { activationConstraint: { distance: 5 } }),
    useSensor(KeyboardSensor, { coordinateGetter: columnKeys }),
  );

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    const lead = active.data.current?.lead as Lead | undefined;
    const stageId = stageOfColumn(over?.id);
    if (!lead || stageId === null || stageId === (moves.get(lead.id)?.stageId ?? lead.stageId)) return;
    setMoves((current) => new Map(current).set(lead.id, { lead, stageId }));
    move.mutate({ lead, stageId });
  };

  const announcements = useAnnouncements(stageName);

  if (stages.isPending) return <Loading />;
  if (stages.isError) return <ErrorMessage error={stages.error} onRetry={() => void stages.refetch()} />;

  return (
    <div className="pipeline">
      <h1>{t('pipeline.title')}</h1>
      <div className="pipeline-notice" role={notice?.kind === 'alert' ? 'alert' : 'status'}>
        {notice ? <p className={notice.kind === 'alert' ? 'notice notice-error' : 'notice'}>{notice.text}</p> : null}
      </div>
      <FilterBar filters={filters} onChange={setFilters} />
      <fieldset className="segmented view-switch">
        <legend className="visually-hidden">{t('pipeline.view')}</legend>
        {(['board', 'list'] as const).map((value) => (
          <label key={value} className={view === value ? 'selected' : undefined}>
            <input type="radio" name="view" value={value} checked={view === value} onChange={() => setView(value)} />
            {t(`pipeline.views.${value}`)}
          </label>
        ))}
      </fieldset>
      {view === 'list' ? <PipelineList leadQuery={leadQuery} /> : null}
      {stages.data.length === 0 ? <p className="state state-empty">{t('pipeline.noStages')}</p> : null}
      {totals.isSuccess && totals.data.every((group) => group.count === 0) && moves.size === 0 ? (
        <p className="state state-empty">{isDefault(filters) ? t('pipeline.empty') : t('pipeline.noMatch')}</p>
      ) : null}
      {view === 'board' ? (
        <DndContext
          sensors={sensors}
          onDragEnd={onDragEnd}
          accessibility={{ announcements, screenReaderInstructions: { draggable: t('pipeline.dragInstructions') } }}
        >
          <div className="board" role="group" aria-label={t('pipeline.board')}>
            {stages.data.map((stage: Stage) => (
              <KanbanColumn
                key={stage.id}
                stage={stage}
                totals={totals.data?.find((group) => group.key === stage.id)}
                leadQuery={leadQuery}
                moves={moves}
                onCreated={() => void refresh()}
                onWon={(lead) => won.mutate(lead)}
                onRestore={(lead) => restore.mutate(lead)}
                onLost={setLosing}
              />
            ))}
          </div>
        </DndContext>
      ) : null}
      {losing ? (
        <LostDialog
          lead={losing}
          onClose={() => setLosing(null)}
          onDone={() => {
            setLosing(null);
            void refresh();
          }}
        />
      ) : null}
    </div>
  );
}

/** Left and right jump to the neighbouring column (column-keys.ts); up and down keep dnd-kit's small steps. */
const columnKeys: KeyboardCoordinateGetter = (event, args) => {
  const card = args.context.collisionRect;
  if (card) {
    const columns = [...args.context.droppableContainers.values()].flatMap((container) =>
      container.rect.current ? [container.rect.current] : [],
    );
    const position = nextColumnPosition(event.code, card, columns);
    if (position) {
      event.preventDefault();
      return position;
    }
    if (event.code === 'ArrowRight' || event.code === 'ArrowLeft') return undefined;
  }
  return defaultKeyboardCoordinateGetter(event, args);
};

/** What a screen reader hears while a card is dragged (dnd-kit's live region), in the user's language. */
function useAnnouncements(stageName: (id: number) => string): Announcements {
  const { t } = useTranslation();
  return useMemo(() => {
    const name = (data: Record<string, unknown> | undefined) => (data?.lead as Lead | undefined)?.name ?? '';
    const stage = (id: string | number | undefined) => {
      const stageId = stageOfColumn(id);
      return stageId === null ? '' : stageName(stageId);
    };
    return {
      onDragStart: ({ active }) => t('pipeline.dragStart', { name: name(active.data.current) }),
      onDragOver: ({ active, over }) =>
        over ? t('pipeline.dragOver', { name: name(active.data.current), stage: stage(over.id) }) : undefined,
      onDragEnd: ({ active, over }) =>
        over ? t('pipeline.dragEnd', { name: name(active.data.current), stage: stage(over.id) }) : undefined,
      onDragCancel: ({ active }) => t('pipeline.dragCancel', { name: name(active.data.current) }),
    };
  }, [t, stageName]);
}
