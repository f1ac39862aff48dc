// The journey map: journeys, their graphs and runs with live counts, and the sales sync. Hash routes:
// #/journeys, #/new, #/journeys/{id}, #/runs/{runId}, #/sync.
import { api, apiAll, errorText, problemsOf, functionKey, onKeyNeeded, sendableKey } from './api.js';
import { drawGraph } from './graph.js';

const view = document.getElementById('view');
const notice = document.getElementById('notice');
let stopPolling = () => {};
/** Counts the routes taken: a view still loading when the page moved on draws nothing and polls nothing. */
let routes = 0;

/**
 * A click handler that is busy until its promise settles: the element is disabled meanwhile, so a double click does
 * not send a write twice (two runs, two journeys), and a call that could not reach the API is said, not left as an
 * uncaught error.
 */
const busyWhile = (element, handler) => (event) => {
  const result = handler(event);
  if (!(result instanceof Promise)) return;
  const wasDisabled = element.disabled;
  const at = location.hash;
  element.disabled = true;
  // fetch fails with a TypeError when no answer could be had (Chromium "Failed to fetch", Firefox "NetworkError ...").
  result.catch((e) => say(e instanceof TypeError && /fetch|network/i.test(e.message) ? `The API could not be reached: ${e.message}` : `The request failed: ${e.message}`))
    // A handler that moved the page on (a journey created, a run started) leaves its button off until the next view replaces it.
    .finally(() => { if (location.hash === at) element.disabled = wasDisabled; });
};

/** Builds an element: h('button', { onclick }, 'text', child...); an async onclick is busyWhile its call. */
function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'onclick') element.addEventListener('click', busyWhile(element, v));
    else if (k.startsWith('on')) element.addEventListener(k.slice(2), v);
    else if (k === 'class') element.className = v;
    else if (v !== undefined && v !== null && v !== false) element.setAttribute(k, v === true ? '' : v);
  }
  element.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return element;
}

const say = (text) => { notice.textContent = text; };
/** A notice for the view the page is about to show: route() clears the notice, then says this one. */
let sayAfterRoute = '';
/** Replaces the view's content; absent parts (null, false) are left out, never printed. */
const show = (...children) => view.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
const when = (iso) => (iso ? new Date(iso).toLocaleString() : '');

function ask(text) {
  const dialog = document.getElementById('confirm-dialog');
  document.getElementById('confirm-text').textContent = text;
  dialog.returnValue = '';
  dialog.showModal();
  return new Promise((resolve) => dialog.addEventListener('close', () => resolve(dialog.returnValue === 'yes'), { once: true }));
}

/** Whether the user cancelled the key dialog: the page then stops asking on a 401 until the header's button is used. */
let keyDeclined = false;

// A key fetch cannot send would fail every view until forgotten: the dialog's form will not save one.
const keyInput = document.getElementById('key-input');
keyInput.addEventListener('input', () => keyInput.setCustomValidity(sendableKey(keyInput.value.trim()) ? '' : 'A function key is printable ASCII characters, no spaces.'));

/** The function key dialog; refused says the API turned the stored key down. Resolves true when a key was saved. */
function keyDialog(refused = false) {
  const dialog = document.getElementById('key-dialog');
  const input = document.getElementById('key-input');
  document.getElementById('key-refused').hidden = !refused;
  input.value = refused ? '' : functionKey.get();
  input.setCustomValidity('');
  dialog.returnValue = '';
  dialog.showModal();
  return new Promise((resolve) => dialog.addEventListener('close', () => {
    if (dialog.returnValue === 'save') functionKey.set(input.value.trim());
    if (dialog.returnValue === 'clear') functionKey.set('');
    keyDeclined = dialog.returnValue !== 'save' && dialog.returnValue !== 'clear'; // a key forgotten is asked for again
    resolve(dialog.returnValue === 'save' && input.value.trim() !== '');
  }, { once: true }));
}
onKeyNeeded((refused) => (keyDeclined ? Promise.resolve(false) : keyDialog(refused)));
document.getElementById('key-button').addEventListener('click', async () => { if (await keyDialog()) route(); });

/**
 * Repeats fn every second until the view changes; a slow answer never overlaps the next call. A call that fails (the
 * API unreachable or answering an error, a host restarting) does not end it: the page says so and tries again, backing
 * off to 5 s, and clears the notice once an answer comes.
 */
function poll(fn, current) {
  let live = true;
  let timer;
  let failures = 0;
  // Handed to fn: the page's stopPolling may be another view's by the time fn's answer comes.
  const stop = () => { live = false; clearTimeout(timer); };
  const tick = async () => {
    if (!live) return;
    try {
      await fn(stop);
      if (failures) { failures = 0; if (current()) say(''); }
    } catch (e) {
      failures++;
      if (live && current()) say(`Connection lost (${e.message}): the figures shown may be out of date. Retrying…`);
    }
    if (live) timer = setTimeout(tick, failures ? Math.min(5000, 1000 * 2 ** failures) : 1000);
  };
  stopPolling = stop;
  tick();
}

/** The body of an answer a view cannot do without: a failed one fails the view, which then offers Try again. */
function loaded(result) {
  if (!result.ok) throw new Error(errorText(result));
  return result.body;
}

/**
 * A view's first answer that is no success: a 4xx is the view's own word (nothing there, a key needed); a 5xx (storage
 * down, the host restarting) is the API unable to answer now, which the view cannot load past: thrown, so the page
 * offers Try again, as for an API out of reach.
 */
function failOpen(page, result) {
  if (result.status >= 500) throw new Error(errorText(result));
  page.show(h('p', { class: 'error' }, errorText(result)));
}

/**
 * Whether a polled answer is one to show. A 401 (the key dialog cancelled) ends the poll and the view says a key is
 * needed, as views that load once do; any other error (a 503 while the host restarts too) is a lost connection, thrown
 * for poll to say and retry.
 */
function answered(result, stop, page) {
  if (result.status === 401) { stop(); page.show(h('p', { class: 'error' }, errorText(result))); return false; }
  loaded(result);
  return true;
}

/** What a view may change, bound to the route that opened it: nothing once the page has moved on. */
function pageOf(route) {
  const current = () => route === routes;
  return {
    show: (...children) => { if (current()) show(...children); },
    poll: (fn) => { if (current()) poll(fn, current); },
  };
}

async function journeysView(page) {
  const result = await apiAll('journeys');
  if (!result.ok) return failOpen(page, result);
  page.show(
    h('h2', {}, 'Journeys'),
    h('table', { class: 'list' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Name'), h('th', {}, 'Status'), h('th', {}, 'Live version'), h('th', {}, 'Latest version'))),
      h('tbody', {}, result.body.map((j) => h('tr', {},
        h('td', {}, h('a', { href: `#/journeys/${encodeURIComponent(j.id)}` }, j.name || j.id)),
        h('td', {}, h('span', { class: `status status-${j.status.toLowerCase()}` }, j.status)),
        h('td', {}, j.liveVersion ?? '–'), h('td', {}, j.latestVersion || '–'))))),
    result.body.length ? null : h('p', {}, 'No journeys yet. ', h('a', { href: '#/new' }, 'Create one.')));
}

/** A journey's runs, the newest start first (run ids are random, so their order says nothing). */
const newestFirst = (runs) => runs.slice().sort((a, b) => String(b.startedAt ?? '').localeCompare(String(a.startedAt ?? '')));

/** A failed run's failure in words: where (node, batch) and why. */
function failureText(failure) {
  if (typeof failure !== 'object' || failure === null) return `failed: ${failure}`;
  const where = failure.nodeId ? ` at node ${failure.nodeId}${failure.batch != null ? ` (batch ${failure.batch})` : ''}` : '';
  return `failed${where}: ${failure.message ?? 'no reason given'}`;
}

const template = {
  name: 'New journey',
  nodes: [
    { id: 'start', type: 'start', audience: { accounts: ['acct-000000'] } },
    { id: 'pause', type: 'wait', duration: 'PT5S' },
    { id: 'end', type: 'end' },
  ],
  edges: [{ from: 'start', to: 'pause' }, { from: 'pause', to: 'end' }],
};

/** The editor and graph of one journey (or a new one when journey is null). */
async function journeyView(page, journeyId) {
  let journey = null;
  if (journeyId) {
    const result = await api(`journeys/${encodeURIComponent(journeyId)}`);
    if (!result.ok) return failOpen(page, result);
    journey = result.body;
  }
  // A definition that could not be read fails the view: the template in its place could be saved over the draft.
  const live = journey?.liveVersion ? loaded(await api(`journeys/${journeyId}/versions/${journey.liveVersion}`)).definition : null;
  const shown = journey?.draft ?? live ?? template;
  const editor = h('textarea', { id: 'definition', spellcheck: 'false', 'aria-label': 'Journey definition (JSON)', rows: 24 });
  editor.value = JSON.stringify(shown, null, 2);
  const graphBox = h('div', { class: 'graph-box', id: 'graph' });
  const problemList = h('ul', { class: 'problems', id: 'problems', 'aria-live': 'polite' });
  let graph = null;

  const redraw = (problems = []) => {
    let definition;
    try { definition = JSON.parse(editor.value); } catch (e) {
      // The drawing stays the last definition that parsed; its problem marks were that one's, not this text's.
      graph?.markProblems([]);
      problemList.replaceChildren(h('li', {}, `JSON: ${e.message} (the drawing is of the last text that read as JSON)`));
      return;
    }
    graph = drawGraph(graphBox, definition);
    graph.markProblems(problems);
    problemList.replaceChildren(...problems.map((p) => h('li', {}, p.node ? h('strong', {}, p.node) : null, p.node ? ' ' : '', p.field ? `${p.field}: ` : '', p.reason)));
  };
  const showResult = (result, done) => {
    if (result.ok) { say(done); redraw(); return true; }
    const problems = problemsOf(result);
    redraw(problems);
    say(errorText(result));
    return false;
  };

  const save = async () => {
    const body = editor.value;
    const result = journey
      ? await api(`journeys/${journey.id}`, { method: 'PUT', body })
      : await api('journeys', { method: 'POST', body });
    if (showResult(result, 'Saved.') && !journey) { sayAfterRoute = 'Saved.'; location.hash = `#/journeys/${result.body.id}`; }
    else if (result.ok) { await route(); say('Saved.'); } // the reload clears the notice: say it again after
  };
  const validate = async () => showResult(await api('journeys/validate', { method: 'POST', body: editor.value }), 'No problems.');
  // A 409 means the journey moved on under the page (closed or aborted elsewhere): it is shown again as it is now, so
  // its status and the steps offered are current, with the API's reason said.
  const lifecycle = (verb, question) => async () => {
    if (!(await ask(question))) return;
    const result = await api(`journeys/${journey.id}/${verb}`, { method: 'POST' });
    if (showResult(result, `${verb}: done.`) || result.status === 409) { await route(); say(result.ok ? `${verb}: done.` : errorText(result)); }
  };
  const startRun = async () => {
    const result = await api(`journeys/${journey.id}/runs`, { method: 'POST' });
    if (result.ok) location.hash = `#/runs/${result.body.runId}`;
    else { if (result.status === 409) await route(); say(errorText(result)); }
  };

  // Only what the journey's status allows is offered (the API's lifecycle): closed, finished and aborted are final.
  const status = journey?.status?.toLowerCase();
  const editable = !journey || ['draft', 'live'].includes(status);
  const runs = journey ? loaded(await apiAll(`journeys/${journey.id}/runs`)) : [];
  const versions = journey ? Array.from({ length: journey.latestVersion }, (_, i) => journey.latestVersion - i) : [];
  const showVersion = async (version) => {
    const result = await api(`journeys/${journey.id}/versions/${version}`);
    if (!result.ok) return say(errorText(result));
    editor.value = JSON.stringify(result.body.definition, null, 2);
    redraw();
    const name = result.body.definition?.name;
    say(`Showing version ${version}${name && name !== journey.name ? `, named "${name}" then` : ''} (saving makes it the draft).`);
  };

  page.show(
    h('h2', {}, journey ? journey.name || journey.id : 'New journey'),
    journey ? h('p', { class: 'facts' },
      h('span', { class: `status status-${journey.status.toLowerCase()}`, id: 'journey-status' }, journey.status),
      ` live version ${journey.liveVersion ?? '–'} · latest ${journey.latestVersion || '–'}${journey.draft ? ' · unpublished draft' : ''}`) : null,
    h('div', { class: 'toolbar' },
      editable ? h('button', { onclick: save, id: 'save' }, journey ? 'Save draft' : 'Create') : null,
      h('button', { onclick: validate }, 'Validate'),
      h('button', { onclick: () => redraw() }, 'Redraw'),
      editable && journey ? h('button', { onclick: lifecycle('publish', `Publish the draft of "${journey.name}" as version ${journey.latestVersion + 1}?`), id: 'publish', disabled: !journey.draft }, 'Publish') : null,
      status === 'live' ? h('button', { onclick: startRun, id: 'start-run' }, 'Start run') : null,
      status === 'live' ? h('button', { onclick: lifecycle('close', `Close "${journey.name}"? No new runs start; runs in flight finish.`), id: 'close' }, 'Close') : null,
      ['live', 'closed'].includes(status) ? h('button', { onclick: lifecycle('abort', `Abort "${journey.name}"? No new runs start, and every run in flight stops where it is.`), class: 'danger', id: 'abort' }, 'Abort') : null),
    h('div', { class: 'split' },
      h('section', { 'aria-label': 'Graph' }, graphBox, problemList),
      h('section', { 'aria-label': 'Definition' },
        h('label', { for: 'definition' }, 'Definition (JSON, schema: ', h('a', { href: 'journey.schema.json' }, 'journey.schema.json'), ')'),
        editor)),
    journey ? h('div', { class: 'split' },
      h('section', {}, h('h3', {}, 'Runs'), runs.length ? h('ul', { id: 'runs' }, newestFirst(runs).map((r) => h('li', {},
        h('a', { href: `#/runs/${r.runId}` }, r.runId), ` v${r.version} · ${r.status} · ${when(r.startedAt)}`))) : h('p', {}, 'No runs.')),
      h('section', {}, h('h3', {}, 'Versions'), versions.length ? h('ul', {}, versions.map((v) => h('li', {},
        h('button', { class: 'link', onclick: () => showVersion(v) }, `Version ${v}`), v !== journey.liveVersion ? '' : journey.status.toLowerCase() === 'live' ? ' (live)' : ` (last live; the journey is ${journey.status.toLowerCase()})`))) : h('p', {}, 'Not published yet.'))) : null);
  redraw();
}

/** A run's graph with live counts, refreshed every second. */
async function runView(page, runId) {
  const first = await api(`runs/${encodeURIComponent(runId)}`);
  if (!first.ok) return failOpen(page, first);
  const { journeyId, version } = first.body;
  const { definition } = loaded(await api(`journeys/${journeyId}/versions/${version}`));
  // The API aborts a journey, not one run: offered while the journey can still be aborted, and taken away once it
  // cannot (aborted elsewhere, or a closed journey finished with its last run; neither comes back).
  const abortableStatus = (status) => ['live', 'closed'].includes(status?.toLowerCase());
  const abortable = abortableStatus((await api(`journeys/${journeyId}`)).body?.status);
  const abortBar = abortable ? h('div', { class: 'toolbar' },
    h('button', { class: 'danger', id: 'abort-run', onclick: async () => {
      if (!(await ask(`Abort journey ${journeyId}? The journey is aborted: no new runs start, and every run of it in flight, this one included if it still runs, stops where it is.`))) return;
      const result = await api(`journeys/${journeyId}/abort`, { method: 'POST' });
      say(result.ok ? `Journey ${journeyId} aborted.` : errorText(result));
      if (result.ok) abortBar.remove(); else await checkAbortable();
    } }, 'Abort journey')) : null;
  const checkAbortable = async () => {
    if (!abortBar?.isConnected) return;
    const journey = await api(`journeys/${journeyId}`);
    if (journey.ok && !abortableStatus(journey.body?.status)) abortBar.remove();
  };
  const facts = h('p', { class: 'facts', id: 'run-facts' });
  const panel = h('section', { class: 'panel', id: 'node-panel', 'aria-label': 'Selected node' }, h('p', {}, 'Select a node to see the accounts held there, or what an action did to each account or person.'));
  const graphBox = h('div', { class: 'graph-box', id: 'graph' });
  page.show(
    h('h2', {}, `Run ${runId}`),
    h('p', {}, h('a', { href: `#/journeys/${journeyId}` }, `${journeyId}, version ${version}`)),
    facts,
    abortBar,
    h('div', { class: 'split wide-left' }, h('section', { 'aria-label': 'Graph' }, graphBox), panel));
  const graph = drawGraph(graphBox, definition, { onSelect: (node) => nodePanel(panel, runId, node) });
  const showRun = (run) => {
    graph.setCounts(run.nodes);
    const text = `${run.status} · ${run.batches} batch(es) · started ${when(run.createdAt)}`
      + (run.result ? ` · ${run.result.accounts} accounts, ${run.result.ended} ended, ${run.result.left ?? 0} left elsewhere; `
        + `${run.result.accountEffects ?? 0} account effects, ${run.result.personEffects ?? 0} person effects` : '')
      + (run.failure ? ` · ${failureText(run.failure)}` : '');
    if (facts.textContent !== text) facts.textContent = text;
    facts.dataset.status = run.status;
    graph.markFailed(run.failure?.nodeId ?? null);
  };
  showRun(first.body);
  // An ended run's counts no longer change: its run is not asked for again. The journey's status moves on apart from
  // this run's (aborted elsewhere, or closed and finished): read again every 5 s while the button is offered, and once
  // this run has ended.
  const ended = (run) => ['Completed', 'Failed', 'Terminated'].includes(run.status);
  let runEnded = ended(first.body);
  let ticks = 0;
  page.poll(async (stop) => {
    if (!runEnded) {
      const r = await api(`runs/${runId}`);
      if (!answered(r, stop, page)) return;
      showRun(r.body);
      runEnded = ended(r.body);
      if (runEnded) await checkAbortable();
    }
    if (++ticks % 5 === 0) await checkAbortable();
    if (runEnded && !abortBar?.isConnected) stop();
  });
}

/**
 * The accounts held at a node (paged) and, at a listen node, a button to raise its event for one; at an action node,
 * what it did to each account or person, a skip's reason included (its effect journal, paged).
 */
async function nodePanel(panel, runId, node) {
  const acting = node.type === 'action';
  const list = h('ul', { id: acting ? 'node-effects' : 'node-accounts' });
  const more = h('button', { hidden: true, onclick: () => load() }, 'More');
  let token = null;
  const load = async () => {
    const query = `pageSize=50${token ? `&continuationToken=${encodeURIComponent(token)}` : ''}`;
    const result = await api(`runs/${runId}/nodes/${encodeURIComponent(node.id)}/${acting ? 'effects' : 'accounts'}?${query}`);
    if (!result.ok) return say(errorText(result));
    for (const item of result.body.items) {
      list.append(acting
        ? h('li', { 'data-target': item.targetId }, h('strong', {}, item.targetId), `: ${item.detail}`)
        : h('li', {}, item, ' ', node.type === 'listenForEvent' ? raiseButton(item) : null));
    }
    token = result.body.continuationToken;
    more.hidden = !token;
    sayWhenEmpty();
  };
  const sayWhenEmpty = () => {
    if (!list.children.length && !token) {
      list.append(h('li', {}, acting ? 'Nothing recorded here: an action records what it did when it returns (a call that failed records nothing).'
        : node.type === 'wait' || node.type === 'listenForEvent' ? 'No account is held here now.' : 'Accounts pass this node within one step.'));
    }
  };
  const raiseButton = (account) => h('button', { 'data-account': account, 'aria-label': `Raise ${node.event?.type ?? 'event'} for ${account}`, onclick: async (event) => {
    const body = { scope: node.event.scope, type: node.event.type, accountId: account };
    // The event carries what the node's conditions ask for, so it meets them (condition name -> event attribute).
    const attributeOf = { attribute: 'attribute', value: 'newValue', momentType: 'momentType', solutionInterest: 'solutionInterest', activityType: 'activityType' };
    const attributes = Object.fromEntries(Object.entries(attributeOf).filter(([condition]) => node.event[condition] != null)
      .map(([condition, attribute]) => [attribute, node.event[condition]]));
    if (Object.keys(attributes).length) body.attributes = attributes;
    if (node.event.scope === 'people') {
      const person = prompt(`Person id (in ${account}) for the ${node.event.type} event:`);
      if (!person) return;
      body.personId = person;
    }
    const result = await api(`runs/${runId}/events`, { method: 'POST', body });
    const moved = result.ok && result.body.delivered > 0;
    say(!result.ok ? errorText(result) : moved ? `Raised ${node.event.type} for ${account}.` : `Raised ${node.event.type} for ${account}; the node did not take it (delivered 0).`);
    if (moved) {
      event.target.closest('li').remove();
      sayWhenEmpty(); // the last account held here moved on
    }
  } }, `Raise ${node.event?.type ?? 'event'}`);
  panel.replaceChildren(h('h3', {}, acting ? `What ${node.id} did` : `Accounts at ${node.id}`), h('p', {}, acting ? `${node.type}: ${node.action}` : node.type), list, more,
    h('button', { onclick: () => { token = null; list.replaceChildren(); return load(); } }, 'Refresh'));
  await load();
}

async function syncView(page) {
  // Read once before drawing: a view the API cannot serve as it opens says so, not empty figures (a 4xx such as a key
  // needed in the view, a 5xx with Try again).
  const first = await api('sync/status');
  if (!first.ok) return failOpen(page, first);
  const bar = h('progress', { id: 'sync-progress', max: 100, value: 0 });
  const percent = h('strong', { id: 'sync-percent' });
  const details = h('dl', { class: 'facts-list' });
  const changes = h('p', { id: 'sync-changes' });
  const status = h('p', { id: 'sync-status' });
  const runs = h('table', { id: 'sync-runs' });
  page.show(h('h2', {}, 'Sales sync'),
    h('section', { 'aria-label': 'Initial sync' }, h('h3', {}, 'Initial sync'), status,
      h('label', { for: 'sync-progress' }, 'Progress '), bar, ' ', percent, details,
      h('button', { id: 'start-sync', onclick: async () => {
        if (!(await ask('Start a full re-sync of the sales people?'))) return;
        const result = await api('sync/initial', { method: 'POST' });
        say(result.ok ? 'Sync started.' : errorText(result));
      } }, 'Start sync')),
    h('section', { 'aria-label': 'Change poll' }, h('h3', {}, 'Marketo change poll'), changes),
    h('section', { 'aria-label': 'Run history' }, h('h3', {}, 'Run history'), h('div', { class: 'scroll-x' }, runs)));
  const row = (term, value) => [h('dt', {}, term), h('dd', {}, value)];
  let shownRuns = '';
  let ticks = 0;
  page.poll(async (stop) => {
    const result = await api('sync/status');
    if (!answered(result, stop, page)) return;
    const s = result.body;
    const p = s.progress ?? {};
    const done = s.status === 'Completed';
    const share = done ? 100 : p.sourceTotal ? Math.min(100, Math.floor((100 * p.read) / p.sourceTotal)) : 0;
    bar.value = share;
    percent.textContent = p.sourceTotal || done ? `${share}%` : 'counting…';
    status.textContent = `${s.status}${s.pausedUntil ? ` until ${when(s.pausedUntil)} (${s.pauseReason})` : ''}${s.lastError ? ` · ${s.lastError}` : ''}`
      + (s.enabled === false ? ` · switched off by ${s.switchedOff?.by ?? '?'} at ${when(s.switchedOff?.at)}` : '');
    status.dataset.status = s.status;
    const left = s.estimatedSecondsLeft;
    details.replaceChildren(...[
      row('Read', `${p.read ?? 0} of ${p.sourceTotal ?? '?'}`), row('Written', p.written ?? 0),
      row('Skipped (no owner)', p.skippedNoOwner ?? 0), row('Skipped (newer in sales)', p.skippedNewerInSales ?? 0),
      row('Removed by the sweep', p.removed ?? 0), row('Rate', `${s.peoplePerSecond ?? 0} people/s`),
      row('Time left', left === null || left === undefined ? '–' : `${Math.round(left)} s`),
      row('Run', p.runId ? `${p.runId}, started ${when(p.runStartedAt)}` : '–'),
    ].flat());
    const c = s.changes ?? {};
    changes.textContent = c.status === 'Paused' ? `Paused until ${when(c.pausedUntil)}: ${c.pauseReason}`
      : c.status === 'NotPolled' ? 'Not polled: the table source emits its own changes.' : c.status ?? '–';
    // The history changes when a run starts or ends: read it when the status does, and every 5 s while one runs.
    const key = `${s.status}|${p.runId ?? ''}`;
    // Marked shown only once read: a failed read throws, so poll says so and the next tick reads it again.
    if (key !== shownRuns || (s.status === 'Running' && ++ticks % 5 === 0)) { await showRuns(runs); shownRuns = key; }
  });
}

/** The newest page of the run history (GET sync/runs) as a table: one row per run; a failed read is said there and thrown. */
async function showRuns(table) {
  const result = await api('sync/runs?pageSize=20');
  if (!result.ok) {
    const why = errorText(result);
    table.replaceChildren(h('caption', {}, why));
    throw new Error(why);
  }
  const heads = ['Started', 'Status', 'Duration', 'In source', 'Eligible', 'Written', 'Skipped: no owner', 'Skipped: newer', 'Removed', 'Rejected'];
  table.replaceChildren(
    h('thead', {}, h('tr', {}, heads.map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, result.body.items.map((r) => h('tr', { 'data-run': r.runId },
      [when(r.startedAt), r.status, r.durationSeconds === undefined ? '–' : `${r.durationSeconds} s`, r.sourceTotal ?? '?', r.eligible,
        r.written, r.skipped.noOwner, r.skipped.newerInSales, r.removed, r.rejected].map((v) => h('td', {}, String(v)))))));
  if (result.body.items.length === 0) table.append(h('caption', {}, 'No runs yet.'));
}

async function route() {
  stopPolling();
  const page = pageOf(++routes);
  say(sayAfterRoute);
  sayAfterRoute = '';
  try {
    const [, section, id, ...rest] = location.hash.split('/').map(decodeURIComponent);
    // An id is one path segment of the API: '.', '..' or more segments would name another route; an address no view
    // has is said, as the list in its place would look like a link that worked.
    const nothingHere = () => show(h('p', { class: 'error' }, `Nothing is shown at ${location.hash}.`), h('p', {}, h('a', { href: '#/journeys' }, 'Journeys')));
    if (rest.length || id === '.' || id === '..') nothingHere();
    else if (section === 'journeys' && id) await journeyView(page, id);
    else if (section === 'new' && !id) await journeyView(page, null);
    else if (section === 'runs' && id) await runView(page, id);
    else if (section === 'sync' && !id) await syncView(page);
    else if (!section || (section === 'journeys' && !id)) await journeysView(page);
    else nothingHere();
  } catch (e) {
    page.show(e instanceof URIError
      ? h('p', { class: 'error' }, `Nothing is shown at ${location.hash}: the address is malformed.`)
      : h('p', { class: 'error' }, `The page could not load: ${e.message} `, h('button', { id: 'try-again', onclick: () => route() }, 'Try again')));
  }
  document.querySelectorAll('nav a').forEach((a) => a.setAttribute('aria-current', location.hash.startsWith(a.getAttribute('href')) ? 'page' : 'false'));
}

window.addEventListener('hashchange', route);
route();
