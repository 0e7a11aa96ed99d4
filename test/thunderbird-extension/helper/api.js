/* global ChromeUtils, Ci */
// TEST ONLY: a privileged helper (a Thunderbird "experiment") that does what a person would do in Thunderbird's own
// dialogs before using the Akte extension: add the IMAP account (with its password, which cannot be a pref) sending
// through the profile's SMTP server, fetch the inbox, and grant the Akte extension an optional permission — the
// host permission for the test server (the prompt of the options page's Connect button), `compose` (the prompt when
// filing sent mail is turned on).
var { ExtensionCommon } = ChromeUtils.importESModule('resource://gre/modules/ExtensionCommon.sys.mjs');
var { ExtensionParent } = ChromeUtils.importESModule('resource://gre/modules/ExtensionParent.sys.mjs');
var { ExtensionPermissions } = ChromeUtils.importESModule('resource://gre/modules/ExtensionPermissions.sys.mjs');
var { MailServices } = ChromeUtils.importESModule('resource:///modules/MailServices.sys.mjs');
// eslint-disable-next-line no-redeclare -- the privileged scope has no timers of its own
var { setTimeout } = ChromeUtils.importESModule('resource://gre/modules/Timer.sys.mjs');

this.akteTest = class extends ExtensionCommon.ExtensionAPI {
  getAPI() {
    return {
      akteTest: {
        async addImapAccount(host, port, user, password, smtpServerKey) {
          const server = MailServices.accounts.createIncomingServer(user, host, 'imap');
          server.port = port;
          server.socketType = Ci.nsMsgSocketType.plain;
          server.authMethod = Ci.nsMsgAuthMethod.passwordCleartext;
          server.password = password;
          const identity = MailServices.accounts.createIdentity();
          identity.email = `${user}@akte.test`;
          identity.fullName = 'Alice Akte';
          // The outgoing server set in the profile's prefs (support/smtp-prefs.ts).
          if (smtpServerKey) identity.smtpServerKey = smtpServerKey;
          const account = MailServices.accounts.createAccount();
          account.addIdentity(identity);
          account.incomingServer = server;
          return account.key;
        },
        async syncInbox(accountKey, expected, offline) {
          const server = MailServices.accounts.getAccount(accountKey).incomingServer;
          const root = server.rootFolder;
          let inbox = root.getFolderWithFlags(Ci.nsMsgFolderFlags.Inbox);
          if (!inbox) server.performExpand(null);
          for (let i = 0; i < 200 && !inbox; i++) {
            await new Promise((r) => setTimeout(r, 50));
            inbox = root.getFolderWithFlags(Ci.nsMsgFolderFlags.Inbox);
          }
          if (!inbox) throw new Error('The IMAP inbox did not appear');
          inbox.QueryInterface(Ci.nsIMsgImapMailFolder);
          // Ask for the headers and watch the count, asking again now and then: an update Thunderbird is already
          // running (its own check at start) swallows ours, and its URL listener is then never called.
          for (let i = 0; i < 600 && inbox.getTotalMessages(false) < expected; i++) {
            if (i % 40 === 0) inbox.updateFolder(null);
            await new Promise((r) => setTimeout(r, 50));
          }
          if (offline) {
            // "Keep messages on this computer" (Thunderbird's default for IMAP accounts): the bodies are local.
            const done = new Promise((resolve, reject) => {
              inbox.downloadAllForOffline(
                {
                  OnStartRunningUrl() {},
                  OnStopRunningUrl(_url, status) {
                    if (status === 0) resolve();
                    else reject(new Error(`IMAP download failed: ${status}`));
                  },
                },
                null,
              );
            });
            await Promise.race([done, new Promise((r) => setTimeout(r, 60_000))]);
          }
          return inbox.getTotalMessages(false);
        },
        async grantPermissions(extensionId, permissions, origins) {
          const extension = ExtensionParent.GlobalManager.getExtension(extensionId);
          await ExtensionPermissions.add(extensionId, { permissions, origins }, extension);
        },
      },
    };
  }
};
