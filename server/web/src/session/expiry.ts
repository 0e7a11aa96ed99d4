/**
 * Any request of any page may meet an expired session (401). The query cache reports it here, and the session
 * provider, which owns the session state, listens: one path back to the login page, whatever page the user is on.
 */
type Listener = () => void;
const listeners = new Set<Listener>();

export function onSessionExpired(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function notifySessionExpired(): void {
  for (const listener of listeners) listener();
}
