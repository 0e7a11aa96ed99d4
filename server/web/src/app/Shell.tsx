import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet } from 'react-router';
import { LANGUAGES, Language } from '../i18n/languages';
import { switchLanguage } from '../i18n/setup';
import { useSession, useUser } from '../session/session';

/** The frame of every page behind the login: navigation, the user menu (language, log out), the page. */
export function Shell() {
  const { t } = useTranslation();
  return (
    <>
      <a className="skip-link" href="#content">
        {t('app.skipToContent')}
      </a>
      <header className="topbar">
        <span className="brand">{t('app.name')}</span>
        <nav aria-label={t('nav.main')}>
          <ul>
            <li>
              <NavLink to="/" end>
                {t('nav.dashboard')}
              </NavLink>
            </li>
            <li>
              <NavLink to="/pipeline">{t('nav.pipeline')}</NavLink>
            </li>
            <li>
              <NavLink to="/leads">{t('nav.leads')}</NavLink>
            </li>
            <li>
              <NavLink to="/partners">{t('nav.partners')}</NavLink>
            </li>
            <li>
              <NavLink to="/activities">{t('nav.activities')}</NavLink>
            </li>
          </ul>
        </nav>
        <UserMenu />
      </header>
      <main id="content" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}

/** A disclosure button (WAI-ARIA APG "Disclosure"): Escape closes it and returns the focus to the button. */
function UserMenu() {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const { logout } = useSession();
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    };
    const onClick = (event: MouseEvent) => {
      const target = event.target as Node;
      if (!panel.current?.contains(target) && !button.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('mousedown', onClick);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('mousedown', onClick);
    };
  }, [open]);

  return (
    <div className="user-menu">
      <button
        type="button"
        ref={button}
        aria-expanded={open}
        aria-controls="user-menu-panel"
        aria-label={t('userMenu.open', { name: user.name })}
        onClick={() => setOpen((value) => !value)}
      >
        {user.name}
      </button>
      <div id="user-menu-panel" ref={panel} hidden={!open} className="user-menu-panel">
        <label htmlFor="language-select">{t('userMenu.language')}</label>
        <select
          id="language-select"
          value={i18n.language}
          onChange={(event) => switchLanguage(event.target.value as Language)}
        >
          {LANGUAGES.map((language) => (
            <option key={language} value={language} lang={language}>
              {t(`languages.${language}`)}
            </option>
          ))}
        </select>
        <Link to="/account/password" onClick={() => setOpen(false)}>
          {t('userMenu.password')}
        </Link>
        <button type="button" onClick={() => void logout()}>
          {t('userMenu.logout')}
        </button>
      </div>
    </div>
  );
}
