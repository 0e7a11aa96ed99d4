import { useMutation } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { useUser } from '../session/session';
import { ErrorNotice } from '../ui/states';

/**
 * Change one's own password (PATCH /users/:id with the current one). The server checks the length and the current
 * password and ends the user's other sessions; this page only checks that the new one was typed the same twice.
 */
export function PasswordPage() {
  const { t } = useTranslation();
  const user = useUser();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const change = useMutation({
    mutationFn: () => api.changePassword(user.id, current, next),
    onSuccess: () => {
      setCurrent('');
      setNext('');
      setRepeat('');
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setMismatch(next !== repeat);
    if (next === repeat) change.mutate();
  };

  return (
    <form className="form narrow" onSubmit={submit} aria-labelledby="password-title">
      <h1 id="password-title">{t('password.title')}</h1>
      {change.isSuccess ? (
        <p className="notice" role="status">
          {t('password.changed')}
        </p>
      ) : null}
      {mismatch ? (
        <p className="notice notice-error" role="alert">
          {t('password.mismatch')}
        </p>
      ) : null}
      <ErrorNotice error={change.error} />
      <label htmlFor="password-current">{t('password.current')}</label>
      <input
        id="password-current"
        type="password"
        autoComplete="current-password"
        required
        value={current}
        onChange={(event) => setCurrent(event.target.value)}
      />
      <label htmlFor="password-new">{t('password.new')}</label>
      <input
        id="password-new"
        type="password"
        autoComplete="new-password"
        required
        aria-describedby="password-hint"
        value={next}
        onChange={(event) => setNext(event.target.value)}
      />
      <p id="password-hint" className="hint">
        {t('password.hint')}
      </p>
      <label htmlFor="password-repeat">{t('password.repeat')}</label>
      <input
        id="password-repeat"
        type="password"
        autoComplete="new-password"
        required
        value={repeat}
        onChange={(event) => setRepeat(event.target.value)}
      />
      <button type="submit" disabled={change.isPending}>
        {t('password.submit')}
      </button>
    </form>
  );
}
