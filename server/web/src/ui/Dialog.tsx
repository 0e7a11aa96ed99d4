import { FormEvent, ReactNode, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNotice } from './states';

/**
 * A modal <dialog> around one form (showModal): the browser traps the focus inside and Escape cancels it. It
 * opens when mounted and closes when unmounted; the failure of its submit shows above Cancel and the confirm button.
 */
export function Dialog({
  id,
  title,
  wide = false,
  error,
  confirm,
  confirmDisabled,
  onSubmit,
  onClose,
  children,
}: {
  /** Prefix of the title's id (`${id}-title`), which names the dialog. */
  id: string;
  title: string;
  wide?: boolean;
  error: unknown;
  confirm: string;
  confirmDisabled: boolean;
  onSubmit(): void;
  onClose(): void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <dialog
      ref={dialog}
      className={wide ? 'dialog dialog-wide' : 'dialog'}
      aria-labelledby={`${id}-title`}
      onCancel={onClose}
    >
      <form onSubmit={submit}>
        <h2 id={`${id}-title`}>{title}</h2>
        {children}
        <ErrorNotice error={error} />
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            {t('lost.cancel')}
          </button>
          <button type="submit" disabled={confirmDisabled}>
            {confirm}
          </button>
        </div>
      </form>
    </dialog>
  );
}
