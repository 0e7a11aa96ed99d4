import type { FilingController } from '../controller';

/**
 * The pane's events, wired once by delegation on the document (render-pane.ts re-renders freely without
 * re-binding): every control names its action in `data-action`. The same wiring serves Outlook's task pane and
 * Thunderbird's message popup; `extra` adds a client's own actions.
 */
export function wirePane(doc: Document, controller: FilingController, extra: Record<string, () => unknown> = {}): void {
  let searchTimer: ReturnType<typeof setTimeout> | undefined;
  doc.addEventListener('click', (event) => {
    const target = (event.target as HTMLElement).closest<HTMLElement>('button[data-action]');
    if (!target || target.hasAttribute('disabled')) return;
    const actions: Record<string, () => unknown> = {
      connect: () => controller.connect(),
      retry: () => controller.refresh(),
      file: () => controller.file(),
      'new-lead': () => controller.createLead(),
      'new-contact': () => controller.createContact(),
      'open-crm': () => controller.openInCrm(),
      'log-activity': () =>
        controller.logActivity((doc.getElementById('activity-summary') as HTMLInputElement | null)?.value ?? ''),
      'open-settings': () => controller.openSettings(),
      'close-settings': () => controller.closeSettings(),
      disconnect: () => controller.disconnect(),
      ...extra,
    };
    void actions[target.dataset.action ?? '']?.();
  });
  doc.addEventListener('change', (event) => {
    const input = event.target as HTMLInputElement;
    if (input.dataset.action === 'toggle' && input.dataset.key) controller.toggleTarget(input.dataset.key);
    if (input.dataset.action === 'toggle-attachment' && input.dataset.name !== undefined) {
      controller.toggleAttachment(input.dataset.name);
    }
  });
  doc.addEventListener('input', (event) => {
    const input = event.target as HTMLInputElement;
    if (input.dataset.action !== 'search') return;
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => void controller.search(input.value), 250);
  });
  doc.addEventListener('submit', (event) => {
    const form = event.target as HTMLFormElement;
    if (form.dataset.action !== 'save-settings') return;
    event.preventDefault();
    const data = new FormData(form);
    void controller.saveSettings({
      serverUrl: String(data.get('serverUrl') ?? ''),
      autoFileReplies: data.get('autoFileReplies') !== null,
      neverLog: String(data.get('neverLog') ?? '')
        .split(/[\n,;]+/)
        .map((s) => s.trim())
        .filter(Boolean),
    });
  });
}
