// Calls to the JSON API beside the page (/api/...), with the function key when one is stored.
const keyName = 'journey-map.functions-key';
// Routes match in any case, so the page may be served at /api/UI/ too: its API is the folder above, whatever the case.
export const apiBase = location.pathname.replace(/ui\/[^/]*$/i, '');

/** Whether fetch can send key as a header value: printable ASCII without spaces, as function keys are. */
export const sendableKey = (key) => /^[!-~]*$/.test(key);

export const functionKey = {
  // A key stored before the dialog checked it, that fetch cannot send, is left unsent, so the API's 401 asks for
  // another instead of every view failing.
  get: () => { const key = localStorage.getItem(keyName) ?? ''; return sendableKey(key) ? key : ''; },
  set: (key) => (key ? localStorage.setItem(keyName, key) : localStorage.removeItem(keyName)),
};

let askForKey = async () => false;
/**
 * The page's way to ask for a key when the API answers 401: ask(refused) resolves true when a new key was given;
 * refused says the key sent was turned down.
 */
export function onKeyNeeded(ask) { askForKey = ask; }

/**
 * How long a read waits for its answer: the browser would keep an unanswered request open for minutes, and a page
 * refreshing live counts must say it has lost the API rather than show old figures as current. Writes wait for theirs.
 */
const readTimeoutMs = 10_000;

/** Fetches apiBase + path; answers { ok, status, body } (body parsed from JSON when there is one). */
export async function api(path, { method = 'GET', body } = {}) {
  for (;;) {
    const headers = { accept: 'application/json' };
    const key = functionKey.get();
    if (key) headers['x-functions-key'] = key;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response;
    try {
      response = await fetch(apiBase + path, {
        method, headers, body: body === undefined ? undefined : (typeof body === 'string' ? body : JSON.stringify(body)),
        signal: method === 'GET' ? AbortSignal.timeout(readTimeoutMs) : undefined,
      });
    } catch (e) {
      if (e.name === 'TimeoutError') throw new Error(`no answer in ${readTimeoutMs / 1000} s`);
      throw e;
    }
    if (response.status === 401 && await askForKey(Boolean(key))) continue;
    const text = await response.text();
    let parsed = null;
    try { parsed = text ? JSON.parse(text) : null; } catch { parsed = { error: text }; }
    return { ok: response.ok, status: response.status, body: parsed };
  }
}

/**
 * Every item of a paged list route ({ items, continuationToken }), following the tokens; answers { ok, status, body }
 * with body the items, as api() does for one call.
 */
export async function apiAll(path) {
  const items = [];
  let token = null;
  do {
    const query = new URLSearchParams({ pageSize: '1000' });
    if (token) query.set('continuationToken', token);
    const result = await api(`${path}?${query}`);
    if (!result.ok) return result;
    items.push(...(Array.isArray(result.body) ? result.body : result.body?.items ?? []));
    token = Array.isArray(result.body) ? null : result.body?.continuationToken ?? null;
  } while (token);
  return { ok: true, status: 200, body: items };
}

/** The message of an error answer: the API's problem details (detail/title), or the status alone (a gateway's page). */
export function errorText(result) {
  const b = result.body ?? {};
  if (result.status === 401) return 'The API needs a function key (or the one given was refused): set it with the Function key button above.';
  return b.detail ?? b.title ?? `HTTP ${result.status}`;
}

/** Validation problems as [{ node, field, reason }], from the problem details' errors[]. */
export function problemsOf(result) {
  const b = result.body ?? {};
  const problems = (Array.isArray(b.errors) ? b.errors : []).map((p) => ({
    node: p.node ?? null,
    field: p.field ?? null,
    reason: p.reason ?? String(p),
  }));
  // The API lists at most 100 and counts the rest.
  if (b.errorsOmitted > 0) problems.push({ node: null, field: null, reason: `and ${b.errorsOmitted} more not listed` });
  return problems;
}
