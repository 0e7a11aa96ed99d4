/* global messenger, AKTE_TEST_SERVER */
// TEST ONLY: asks the test for the IMAP account to add and the extension to grant, does it, and reports back —
// every step, so that a set-up that hangs says where.
const post = (path, body) =>
  fetch(`${AKTE_TEST_SERVER}${path}`, { method: 'POST', body: JSON.stringify(body) }).catch(() => undefined);

async function config() {
  // Thunderbird may start the background before its network is up: try again for a while.
  for (let attempt = 0; ; attempt++) {
    try {
      return await (await fetch(`${AKTE_TEST_SERVER}/helper-config`)).json();
    } catch (err) {
      if (attempt > 100) throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

(async () => {
  try {
    const c = await config();
    await post('/helper-step', { step: 'config' });
    const key = await messenger.akteTest.addImapAccount('127.0.0.1', c.imapPort, c.user, c.password);
    await post('/helper-step', { step: 'account' });
    const messages = await messenger.akteTest.syncInbox(key, c.expectMessages, c.offline === true);
    await post('/helper-step', { step: 'synced', messages });
    await messenger.akteTest.grantOrigins(c.extensionId, c.origins);
    await post('/helper-done', { ok: true, messages });
  } catch (err) {
    await post('/helper-done', { ok: false, error: String(err) });
  }
})();
