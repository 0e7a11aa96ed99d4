/// <reference types="office-js" />
import { DialogClosedError } from '../../../core/src/filing-client/host';
import { officeCall } from './async-result';

/**
 * The pairing page runs in an Office dialog (Dialog API 1.1): the server's login page must not be framed in the
 * task pane, and a dialog is a top-level browser window with its own cookies. The landing page
 * (connect/connected.ts) sends the code back with messageParent.
 */
export async function openDialog(url: string): Promise<string> {
  const dialog = await officeCall<Office.Dialog>((cb) =>
    Office.context.ui.displayDialogAsync(url, { height: 60, width: 30, promptBeforeOpen: false }, cb),
  );
  return new Promise((resolve, reject) => {
    dialog.addEventHandler(Office.EventType.DialogMessageReceived, (arg) => {
      dialog.close();
      if ('message' in arg) resolve(arg.message);
      else reject(new DialogClosedError());
    });
    // 12006: the user closed the dialog (Dialog API error codes).
    dialog.addEventHandler(Office.EventType.DialogEventReceived, () => reject(new DialogClosedError()));
  });
}
