/* global messenger, AKTE_TEST_SERVER */
// TEST ONLY: asks the test for the IMAP account to add and the extension to grant, does it, and reports back —
// every step, so that a set-up that hangs says where. Then it takes the commands of the user it stands for
// (/helper-next): grant a permission the Akte extension asks for, write and send a mail.
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

const commands = {
  /** The user accepts the Akte extension's permission prompt. */
  async grant({ extensionId, permissions = [], origins = [] }) {
    await messenger.akteTest.grantPermissions(extensionId, permissions, origins);
  },
  /** The user writes a mail in a compose window and clicks Send (Send Now: through the SMTP server). */
  async sendMail({ to, cc = [], subject, body }) {
    const [account] = (await messenger.accounts.list()).filter((a) => a.type === 'imap');
    const tab = await messenger.compose.beginNew({
      identityId: account.identities[0].id,
      to,
      cc,
      subject,
      plainTextBody: body,
      isPlainText: true,
    });
    const sent = await messenger.compose.sendMessage(tab.id, { mode: 'sendNow' });
    return sent;
  },
};

async function takeCommands() {
  for (;;) {
    let command = null;
    try {
      const res = await fetch(`${AKTE_TEST_SERVER}/helper-next`);
      if (res.status === 204) continue;
      command = await res.json();
      const value = await commands[command.name](command.args ?? {});
      await post('/result', { id: command.id, ok: true, value });
    } catch (err) {
      if (!command) await new Promise((r) => setTimeout(r, 200));
      else await post('/result', { id: command.id, ok: false, error: String(err) });
    }
  }
}

(async () => {
  try {
    const c = await config();
    await post('/helper-step', { step: 'config' });
    const key = await messenger.akteTest.addImapAccount('127.0.0.1', c.imapPort, c.user, c.password, c.smtpServer);
    await post('/helper-step', { step: 'account' });
    const messages = await messenger.akteTest.syncInbox(key, c.expectMessages, c.offline === true);
    await post('/helper-step', { step: 'synced', messages });
    await messenger.akteTest.grantPermissions(c.extensionId, [], c.origins);
    await post('/helper-done', { ok: true, messages });
  } catch (err) {
    await post('/helper-done', { ok: false, error: String(err) });
  }
  void takeCommands();
})();
