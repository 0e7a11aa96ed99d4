import { AkteApiClient } from '../../../core/src/api-client';
import { describeMessage, rawContent } from './message-content';
import { sentMailTargets } from './sent-mail-targets';
import { loadConnection, loadLocalSettings } from './storage';

/**
 * After sending (compose.onAfterSend): with "file sent mail automatically" on, the sent copy is filed on the
 * contacts Akte knows among its recipients; otherwise the server's own rule still applies — a reply goes where its
 * thread is filed if the user enabled that (POST /filing/auto-file decides). Failures are dropped silently: the
 * message was sent, and the user can file it by hand.
 */
export async function fileSentMessage(messageId: number): Promise<void> {
  const connection = await loadConnection();
  if (!connection?.token) return;
  const api = new AkteApiClient({ baseUrl: connection.serverUrl, token: connection.token });
  const email = await rawContent(messageId);
  if (!(await loadLocalSettings()).autoFileSent) {
    await api.autoFile(email);
    return;
  }
  const item = await describeMessage(messageId);
  const participants = [
    ...item.to.map((m) => ({ ...m, role: 'to' as const })),
    ...item.cc.map((m) => ({ ...m, role: 'cc' as const })),
  ];
  const lookup = await api.lookup({
    participants: participants.map((m) => ({ email: m.address, name: m.name, role: m.role })),
    ...(item.internetMessageId ? { messageId: item.internetMessageId } : {}),
  });
  const targets = sentMailTargets(lookup);
  if (targets.length) await api.fileMessage(email, targets);
  else await api.autoFile(email);
}
