import type { Connection } from '../../../core/src/filing-client/connection';
import { FilingController } from '../../../core/src/filing-client/controller';
import { localeFor, translator } from '../../../core/src/filing-client/i18n';
import { h } from '../../../core/src/filing-client/render/dom';
import type { Notice } from '../../../core/src/filing-client/state';
import { originPattern } from '../lib/origin';
import { connectionKey, loadConnection, loadLocalSettings, saveConnection, saveLocalSettings } from '../lib/storage';
import { storageConnectionStore } from '../lib/storage';
import { ThunderbirdHost } from '../lib/thunderbird-host';

/**
 * The options page: server URL, Connect (asks for the server's host permission in the click — a permission request
 * needs the user's gesture — then the background pairs), Disconnect, the never-log list and auto-filing (saved on
 * the server through the shared controller), filing of sent mail (local; asks for the `compose` permission), and
 * "Set up contacts & calendar".
 */
const t = translator(localeFor(messenger.i18n.getUILanguage()));
const root = document.getElementById('app')!;
let notice: Notice | null = null;
let dav: { cardDav: string; calDav: string; user: string; password: string } | null = null;

async function render(): Promise<void> {
  const connection: Connection = (await loadConnection()) ?? { serverUrl: '', token: null, account: null };
  const local = await loadLocalSettings();
  const controller = new FilingController({
    host: new ThunderbirdHost(null),
    store: storageConnectionStore(connection),
    defaultServerUrl: connection.serverUrl,
  });
  if (connection.token) await controller.openSettings().catch(() => undefined);
  const data = controller.settings.data;
  const offline =
    connection.token && !data ? (controller.settings.notice ?? { tone: 'error', key: 'errorOffline' }) : null;
  root.replaceChildren(
    ...[
      h('h1', {}, t('optionsTitle')),
      h(
        'form',
        { id: 'server-form' },
        h('label', { for: 'server-url' }, t('serverUrl')),
        h('input', { id: 'server-url', name: 'serverUrl', type: 'url', required: true, value: connection.serverUrl }),
        h('p', { class: 'account' }, connection.account ? t('connectedAs', connection.account) : t('notConnected')),
        h(
          'div',
          { class: 'actions' },
          h(
            'button',
            { type: 'submit', class: 'primary', id: 'connect' },
            connection.token ? t('reconnect') : t('connect'),
          ),
          connection.token ? h('button', { type: 'button', id: 'disconnect' }, t('disconnect')) : null,
        ),
      ),
      notice ? h('p', { class: `notice ${notice.tone}`, role: 'status' }, t(notice.key, notice.params)) : null,
      offline ? h('p', { class: 'notice error', role: 'alert' }, t(offline.key, offline.params)) : null,
      data
        ? h(
            'form',
            { id: 'filing-form', class: 'settings' },
            h('h2', {}, t('settings')),
            h(
              'label',
              { class: 'check' },
              h('input', { name: 'autoFileReplies', type: 'checkbox', checked: data.autoFileReplies }),
              t('autoFileReplies'),
            ),
            h(
              'label',
              { class: 'check' },
              h('input', { name: 'autoFileSent', type: 'checkbox', checked: local.autoFileSent }),
              t('autoFileSent'),
            ),
            h('label', { for: 'never-log' }, t('neverLog')),
            h('textarea', { id: 'never-log', name: 'neverLog', rows: '4' }, data.neverLog.join('\n')),
            data.companyNeverLog.length
              ? h('p', { class: 'hint' }, `${t('companyNeverLog')}: ${data.companyNeverLog.join(', ')}`)
              : null,
            h('button', { type: 'submit', class: 'primary' }, t('save')),
          )
        : null,
      connection.token
        ? h(
            'section',
            { class: 'dav' },
            h('h2', {}, t('davTitle')),
            dav
              ? h(
                  'dl',
                  {},
                  h('dt', {}, t('cardDavUrl')),
                  h('dd', {}, dav.cardDav),
                  h('dt', {}, t('calDavUrl')),
                  h('dd', {}, dav.calDav),
                  h('dt', {}, t('account')),
                  h('dd', {}, dav.user),
                  h('dt', {}, t('devicePassword')),
                  h('dd', { class: 'secret' }, dav.password),
                )
              : null,
            h('p', {}, t('davText')),
            h('button', { type: 'button', id: 'dav-setup' }, t('davSetup')),
          )
        : null,
    ].filter((node): node is HTMLElement => node !== null),
  );
  wire(connection, controller);
}

function wire(connection: Connection, controller: FilingController): void {
  document.getElementById('server-form')!.addEventListener('submit', (event) => {
    event.preventDefault();
    const serverUrl = String(new FormData(event.target as HTMLFormElement).get('serverUrl') ?? '')
      .trim()
      .replace(/\/+$/, '');
    const origin = originPattern(serverUrl);
    // In the click handler itself: Thunderbird grants a permission only during the user's gesture.
    void messenger.permissions.request({ origins: [origin] }).then(async (granted) => {
      if (!granted) {
        notice = { tone: 'error', key: 'permissionDenied', params: { origin } };
        return render();
      }
      // A token belongs to the server that issued it.
      if (serverUrl !== connection.serverUrl) await saveConnection({ serverUrl, token: null, account: null });
      const answer = (await messenger.runtime.sendMessage({ type: 'connect' })) as { notice: Notice | null };
      notice = answer.notice;
      await render();
    });
  });
  document.getElementById('disconnect')?.addEventListener('click', () => {
    controller.disconnect();
    dav = null;
    void saveConnection({ ...connection, token: null, account: null }).then(render);
  });
  document.getElementById('filing-form')?.addEventListener('submit', (event) => {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const autoFileSent = form.get('autoFileSent') !== null;
    // Sent mail needs compose.onAfterSend: asked for only when the user turns it on.
    const permission = autoFileSent
      ? messenger.permissions.request({ permissions: ['compose'] })
      : Promise.resolve(true);
    void permission.then(async (granted) => {
      await saveLocalSettings({ autoFileSent: autoFileSent && granted });
      await controller.saveSettings({
        serverUrl: connection.serverUrl,
        autoFileReplies: form.get('autoFileReplies') !== null,
        neverLog: String(form.get('neverLog') ?? '')
          .split(/[\n,;]+/)
          .map((s) => s.trim())
          .filter(Boolean),
      });
      notice = controller.settings.notice;
      await render();
    });
  });
  document.getElementById('dav-setup')?.addEventListener('click', () => {
    void (messenger.runtime.sendMessage({ type: 'createDavPassword' }) as Promise<typeof dav>).then((answer) => {
      dav = answer;
      return render();
    });
  });
}

messenger.storage.onChanged.addListener((changes, area) => {
  if (area === 'local' && changes[connectionKey]) void render();
});
void render();
