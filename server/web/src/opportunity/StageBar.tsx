import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Lead } from '../../../../core/src/api-client';
import { api } from '../api/client';
import { stagesQuery } from '../api/reference-data';
import { ErrorMessage, ErrorNotice } from '../ui/states';

/**
 * The stages as a row of buttons, the current one marked (aria-current="step"). Choosing one moves the opportunity
 * (PATCH stageId; the server sets the stage's probability unless it was typed by hand).
 */
export function StageBar({ lead, onMoved }: { lead: Lead; onMoved(): Promise<void> }) {
  const { t } = useTranslation();
  const stages = useQuery(stagesQuery);
  const move = useMutation({
    mutationFn: (stageId: number) => api.updateLead(lead.id, { stageId }),
    onSuccess: onMoved,
  });
  if (stages.isError) return <ErrorMessage error={stages.error} />;
  const editable = lead.state === 'open' && lead.active;
  return (
    <nav className="stage-bar" aria-label={t('opportunity.stageBar')}>
      <ol>
        {(stages.data ?? [])
          .filter((stage) => !stage.isWon || stage.id === lead.stageId)
          .map((stage) => (
            <li key={stage.id}>
              <button
                type="button"
                data-stage-id={stage.id}
                aria-current={stage.id === lead.stageId ? 'step' : undefined}
                disabled={!editable || stage.id === lead.stageId || move.isPending}
                onClick={() => move.mutate(stage.id)}
              >
                {stage.name}
              </button>
            </li>
          ))}
      </ol>
      <ErrorNotice error={move.error} />
    </nav>
  );
}
