import { AkteApiClient, ApiError, ReconnectRequiredError } from '../../core/src/api-client';

/**
 * The API client on a cookie session (the back office): the browser attaches the cookie by itself, so every
 * state-changing request must carry the session's CSRF token, read at the time of the request (it changes at each
 * login); reads never carry it. Query parameters leave out what is unset.
 */
interface Sent {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

function stubClient(token: { current: string | null }, answer = { status: 200, body: '{}' }) {
  const sent: Sent[] = [];
  const fetchStub = (async (url: string, init: RequestInit) => {
    sent.push({
      method: init.method ?? 'GET',
      url,
      headers: init.headers as Record<string, string>,
      body: init.body ? JSON.parse(String(init.body)) : undefined,
    });
    return new Response(answer.body, { status: answer.status, headers: { 'Content-Type': 'application/json' } });
  }) as unknown as typeof fetch;
  const client = new AkteApiClient({
    baseUrl: 'https://akte.example/',
    fetch: fetchStub,
    csrfToken: () => token.current,
  });
  return { client, sent };
}

describe('the API client on a cookie session', () => {
  it('sends the current CSRF token on POST, PATCH and DELETE, and never on GET', async () => {
    const token = { current: 'csrf-1' as string | null };
    const { client, sent } = stubClient(token);
    await client.listLeads({ type: 'opportunity', stageId: 3, cursor: undefined, limit: 50 });
    await client.updateLead(7, { stageId: 4 });
    token.current = 'csrf-2';
    await client.markLeadLost(7, { lostReasonId: 2, note: 'zu teuer' });
    await client.markActivityDone(9);
    token.current = null;
    await client.markLeadWon(7);

    expect(sent.map((s) => [s.method, s.url, s.headers['X-CSRF-Token']])).toEqual([
      ['GET', 'https://akte.example/api/v1/leads?type=opportunity&stageId=3&limit=50', undefined],
      ['PATCH', 'https://akte.example/api/v1/leads/7', 'csrf-1'],
      ['POST', 'https://akte.example/api/v1/leads/7/lost', 'csrf-2'],
      ['POST', 'https://akte.example/api/v1/activities/9/done', 'csrf-2'],
      ['POST', 'https://akte.example/api/v1/leads/7/won', undefined],
    ]);
    expect(sent[1].body).toEqual({ stageId: 4 });
    expect(sent[2].body).toEqual({ lostReasonId: 2, note: 'zu teuer' });
    expect(sent.every((s) => s.headers.Authorization === undefined)).toBe(true);
  });

  it('reads grouped totals with the grouping first, and lists only active lost reasons when asked', async () => {
    const { client, sent } = stubClient({ current: null }, { status: 200, body: '{"items":[],"nextCursor":null}' });
    await client.listLostReasons(true);
    await client.listLostReasons();
    expect(sent.map((s) => s.url)).toEqual([
      'https://akte.example/api/v1/lost-reasons?active=true',
      'https://akte.example/api/v1/lost-reasons',
    ]);
    const grouped = stubClient({ current: null }, { status: 200, body: '[]' });
    await grouped.client.groupLeads('stage', { type: 'opportunity', salespersonId: 5 });
    expect(grouped.sent[0].url).toBe(
      'https://akte.example/api/v1/leads/grouped?by=stage&type=opportunity&salespersonId=5',
    );
  });

  it('turns the server error into an ApiError with its message, and 401 into the "log in again" error', async () => {
    const body = JSON.stringify({ error: { code: 'lost_not_restored', message: 'Lead 7 is lost' } });
    const refused = stubClient({ current: 't' }, { status: 409, body });
    const error = await refused.client.updateLead(7, { stageId: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 409, code: 'lost_not_restored', message: 'Lead 7 is lost' });

    const expired = stubClient(
      { current: 't' },
      { status: 401, body: '{"error":{"code":"unauthenticated","message":"x"}}' },
    );
    await expect(expired.client.session()).rejects.toBeInstanceOf(ReconnectRequiredError);
  });
});
