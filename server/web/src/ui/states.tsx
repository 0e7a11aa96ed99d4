import { useTranslation } from 'react-i18next';
import { ApiError, isNotFound } from '../api/client';
import { NetworkError } from '../../../../core/src/api-client';

/** The loading, empty and error states every list and page shows (one look, one wording). */
export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="state state-loading" role="status">
      {t('states.loading')}
    </p>
  );
}

export function Empty({ children }: { children: string }) {
  return <p className="state state-empty">{children}</p>;
}

/** The server's own message (it is written for people and says what to do); a network failure says so. */
export function useErrorMessage(): (error: unknown) => string {
  const { t } = useTranslation();
  return (error) => {
    if (isNotFound(error)) return t('states.notFound');
    if (error instanceof NetworkError) return t('states.networkError');
    if (error instanceof ApiError) return error.message;
    return error instanceof Error ? error.message : String(error);
  };
}

export function ErrorMessage({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const messageOf = useErrorMessage();
  return (
    <div className="state state-error" role="alert">
      <p>{messageOf(error)}</p>
      {onRetry && !isNotFound(error) ? (
        <button type="button" onClick={onRetry}>
          {t('states.retry')}
        </button>
      ) : null}
    </div>
  );
}

/** A write that failed, in the server's words; nothing while there is no error (a mutation's `error` is null). */
export function ErrorNotice({ error }: { error: unknown }) {
  const messageOf = useErrorMessage();
  if (error === null || error === undefined) return null;
  return (
    <p className="notice notice-error" role="alert">
      {messageOf(error)}
    </p>
  );
}

/** Under a small form that writes: `done` (its own words) once it succeeded, or the failure in the server's words. */
export function WriteOutcome({ write, done }: { write: { isSuccess: boolean; error: unknown }; done: string }) {
  return (
    <>
      {write.isSuccess ? (
        <p className="notice" role="status">
          {done}
        </p>
      ) : null}
      <ErrorNotice error={write.error} />
    </>
  );
}

export function NotFound() {
  const { t } = useTranslation();
  return (
    <p className="state state-error" role="alert">
      {t('states.notFound')}
    </p>
  );
}
