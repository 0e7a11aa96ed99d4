/// <reference types="office-js" />

/**
 * The page the server's connect page redirects to inside the Office dialog, with `?code=` (or `?error=` when the
 * user cancelled). It hands the result to the task pane (Office.context.ui.messageParent) and does nothing else;
 * the task pane exchanges the code. The code is removed from the address bar at once, so it stays out of history.
 */
Office.onReady(() => {
  const params = new URLSearchParams(window.location.search);
  history.replaceState(null, '', window.location.pathname);
  const code = params.get('code');
  const message = code ? { code } : { error: params.get('error') ?? 'no_code' };
  Office.context.ui.messageParent(JSON.stringify(message));
});
