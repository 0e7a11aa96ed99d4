/* global messenger, AKTE_TEST_SERVER */
// TEST ONLY: asks the test for the IMAP account to add and the extension to grant, does it, and reports back.
(async () => {
  const config = await (await fetch(`${AKTE_TEST_SERVER}/helper-config`)).json();
  try {
    const key = await messenger.akteTest.addImapAccount('127.0.0.1', config.imapPort, config.user, config.password);
    const messages = await messenger.akteTest.syncInbox(key, config.expectMessages, config.offline === true);
    await messenger.akteTest.grantOrigins(config.extensionId, config.origins);
    await fetch(`${AKTE_TEST_SERVER}/helper-done`, { method: 'POST', body: JSON.stringify({ ok: true, messages }) });
  } catch (err) {
    await fetch(`${AKTE_TEST_SERVER}/helper-done`, {
      method: 'POST',
      body: JSON.stringify({ ok: false, error: String(err) }),
    });
  }
})();
