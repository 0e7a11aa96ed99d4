/* global window, document */
/*
 * A stand-in for Office.js in read-mode Outlook, served in place of https://appsforoffice.microsoft.com/** by the
 * end-to-end test. It implements exactly the calls the add-in makes: Office.onReady, context.displayLanguage,
 * requirements.isSetSupported, mailbox.item (read mode, with getAsFileAsync returning a real .eml in base64 and
 * getAllInternetHeadersAsync), addHandlerAsync, and the Dialog API (displayDialogAsync opens a popup;
 * messageParent in the popup reaches the task pane through window.opener), and multi-select (Mailbox 1.13/1.15:
 * getSelectedItemsAsync, loadItemByIdAsync; the test selects messages with window.__akteSelectItems(ids), which
 * raises SelectedItemsChanged like a user's click).
 * The test prepends `window.__AKTE_OUTLOOK__ = {...}` with the item's fields and the messages.
 */
(function () {
  'use strict';
  var cfg = window.__AKTE_OUTLOOK__ || {};
  var maxVersion = cfg.mailboxVersion || '1.15';

  function succeed(callback, value) {
    setTimeout(function () {
      callback({ status: 'succeeded', value: value });
    }, 0);
  }
  function lastArg(args) {
    return args[args.length - 1];
  }
  function versionAtMost(v, max) {
    var a = v.split('.').map(Number);
    var b = max.split('.').map(Number);
    return a[0] < b[0] || (a[0] === b[0] && a[1] <= b[1]);
  }

  var item = cfg.item
    ? {
        itemType: 'message',
        itemId: cfg.item.itemId,
        internetMessageId: cfg.item.internetMessageId,
        subject: cfg.item.subject,
        from: cfg.item.from,
        to: cfg.item.to,
        cc: cfg.item.cc,
        dateTimeCreated: new Date(cfg.item.date),
        attachments: [],
        getAsFileAsync: function () {
          window.__akteCalls = (window.__akteCalls || 0) + 1;
          succeed(lastArg(arguments), cfg.emlBase64);
        },
        getAllInternetHeadersAsync: function () {
          succeed(lastArg(arguments), cfg.item.headers);
        },
        body: {
          getAsync: function () {
            succeed(lastArg(arguments), '');
          },
        },
      }
    : null;

  var mailboxHandlers = {};
  var selection = item ? [{ itemId: item.itemId, subject: item.subject, itemType: 'Message' }] : [];
  window.__akteSelectItems = function (ids) {
    selection = ids.map(function (id) {
      return { itemId: id, subject: cfg.messages[id].subject, itemType: 'Message' };
    });
    var handler = mailboxHandlers.olkSelectedItemsChanged;
    if (handler) handler({ type: 'olkSelectedItemsChanged' });
  };
  function loadedItem(itemId) {
    var message = cfg.messages[itemId];
    return {
      itemType: 'message',
      itemId: itemId,
      subject: message.subject,
      getAsFileAsync: function () {
        succeed(lastArg(arguments), message.emlBase64);
      },
      unloadAsync: function () {
        succeed(lastArg(arguments), undefined);
      },
    };
  }

  var dialogHandlers = {};
  window.__akteDialogMessage = function (message) {
    var handler = dialogHandlers.dialogMessageReceived;
    if (handler) handler({ message: message, origin: window.location.origin });
  };

  var Office = {
    AsyncResultStatus: { Succeeded: 'succeeded', Failed: 'failed' },
    CoercionType: { Html: 'html', Text: 'text' },
    EventType: {
      ItemChanged: 'olkItemSelectedChanged',
      SelectedItemsChanged: 'olkSelectedItemsChanged',
      DialogMessageReceived: 'dialogMessageReceived',
      DialogEventReceived: 'dialogEventReceived',
    },
    MailboxEnums: {
      ItemType: { Message: 'message', Appointment: 'appointment' },
      AttachmentContentFormat: { Base64: 'base64', Url: 'url', Eml: 'eml', ICalendar: 'iCalendar' },
    },
    context: {
      displayLanguage: cfg.displayLanguage || 'en-US',
      diagnostics: { platform: 'OfficeOnline', version: '16.0' },
      requirements: {
        isSetSupported: function (name, version) {
          return name === 'Mailbox' && versionAtMost(version || '1.1', maxVersion);
        },
      },
      mailbox: {
        item: item,
        userProfile: { emailAddress: cfg.userEmail || 'user@example.test', displayName: 'Test User' },
        addHandlerAsync: function (type, handler, callback) {
          mailboxHandlers[type] = handler;
          if (typeof callback === 'function') succeed(callback, undefined);
        },
        getSelectedItemsAsync: function () {
          succeed(lastArg(arguments), selection.slice());
        },
        loadItemByIdAsync: function (itemId) {
          succeed(lastArg(arguments), loadedItem(itemId));
        },
      },
      ui: {
        displayDialogAsync: function (url, options, callback) {
          var popup = window.open(url, 'akte-dialog');
          var dialog = {
            close: function () {
              if (popup) popup.close();
            },
            addEventHandler: function (type, handler) {
              dialogHandlers[type] = handler;
            },
          };
          succeed(callback, dialog);
        },
        messageParent: function (message) {
          window.opener.__akteDialogMessage(message);
        },
        openBrowserWindow: function (url) {
          window.__akteOpened = url;
        },
      },
    },
    onReady: function (callback) {
      return new Promise(function (resolve) {
        function ready() {
          var info = { host: 'Outlook', platform: 'OfficeOnline' };
          if (callback) callback(info);
          resolve(info);
        }
        if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', ready);
        else setTimeout(ready, 0);
      });
    },
  };
  window.Office = Office;
})();
