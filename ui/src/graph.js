// A journey drawn as an SVG graph: dagre lays it out, this file only draws boxes, edges and labels.
import dagre from './lib/dagre.esm.js';

const svgNs = 'http://www.w3.org/2000/svg';
const lineHeight = 16;

/**
 * Wide enough for the count lines with 7-digit figures in the node's font (12 px, the counts bold), and never under
 * 220 px: the boxes are laid out before the counts come, so they are sized for the largest counts expected.
 */
function countsWidth() {
  const context = document.createElement('canvas').getContext('2d');
  const family = getComputedStyle(document.documentElement).fontFamily;
  const widest = (weight, ...lines) => { context.font = `${weight} 12px ${family}`; return Math.max(...lines.map((l) => context.measureText(l).width)); };
  const n = '8888888';
  return Math.max(widest(600, `reached ${n} · now ${n} · left ${n}`), widest(400, `people ${n} · ${n} · ${n}`, `acted ${n} · skipped ${n}`));
}
const nodeWidth = Math.max(220, Math.ceil(countsWidth()) + 20);
const textWidth = nodeWidth - 16; // 8 px of padding each side
const edgeLabelLength = 24;

function el(name, attributes = {}, parent = null) {
  const element = document.createElementNS(svgNs, name);
  for (const [k, v] of Object.entries(attributes)) element.setAttribute(k, v);
  parent?.appendChild(element);
  return element;
}

/** Cut by characters (code points), so an emoji is never split into half a surrogate pair. */
const short = (value, length = 28) => {
  const characters = Array.from(value);
  return characters.length > length ? characters.slice(0, length - 1).join('') + '…' : value;
};

/** The key settings of a node, one line each, whole (the drawing shortens them; the tooltip has them whole). */
export function summary(node) {
  const lines = [];
  const settings = node.settings ?? {};
  switch (node.type) {
    case 'start': {
      const a = node.audience ?? {};
      if (a.accountList) lines.push(`list ${a.accountList}`);
      if (Array.isArray(a.accounts)) lines.push(`${a.accounts.length} account(s)`);
      if (node.reentry?.enabled) lines.push('re-entry on');
      // A run waiting for its startAt shows every count at 0: the start node says why.
      if (node.startAt) lines.push(`starts ${utc(node.startAt)}`);
      if (node.endAt) lines.push(`ends ${utc(node.endAt)}`);
      break;
    }
    case 'action':
      lines.push(node.action ?? '(no action)');
      for (const [k, v] of Object.entries(settings).slice(0, 2)) lines.push(`${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`);
      break;
    case 'wait':
      lines.push(node.duration ? `for ${node.duration}` : node.until ? `until ${utc(node.until)}` : '(no duration)');
      if (node.mustEndOn) lines.push(`ends on ${node.mustEndOn.day ?? ''} ${node.mustEndOn.time ?? ''}`);
      break;
    case 'listenForEvent':
      lines.push(node.event ? `${node.event.scope}: ${node.event.type}` : '(no event)');
      // Its conditions: every member of the event but the two just shown (momentType, attribute, value ...).
      for (const [k, v] of Object.entries(node.event ?? {}).filter(([k]) => k !== 'scope' && k !== 'type').slice(0, 2)) lines.push(`${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`);
      if (node.timeout || node.timeoutAt) lines.push(`timeout ${node.timeout ?? utc(node.timeoutAt)}`);
      break;
    case 'splitByAccount':
    case 'splitByPeople':
      lines.push(`${(node.paths ?? []).length} path(s)${node.otherPath ? ' + other' : ''}`);
      break;
    default:
      break;
  }
  return lines.map(String);
}

/** A date-time with UTC as Z: a stored version writes +00:00, which a 28-character line would cut off. */
const utc = (value) => String(value).replace(/\+00:00$/, 'Z');

/**
 * Sets a line's text, and squeezes it into the box when it is still wider (counts past 7 digits), so every figure
 * stays whole and inside the node rather than cut off at its edge.
 */
function setLine(text, value) {
  if (text.textContent === value) return;
  text.textContent = value;
  text.removeAttribute('textLength');
  if (value && text.getComputedTextLength() > textWidth) {
    text.setAttribute('textLength', textWidth);
    text.setAttribute('lengthAdjust', 'spacingAndGlyphs');
  }
}

/**
 * Draws the definition into the container. Nodes are focusable (Tab, Enter/Space selects). Returns
 * { setCounts(countsByNode), markProblems(problems), markFailed(nodeId) } to update labels in place, without redrawing.
 */
export function drawGraph(container, definition, { onSelect } = {}) {
  // One box per id: a repeated id is a validation problem marked on that one box, not a second box drawn over it.
  const seen = new Set();
  const nodes = (definition?.nodes ?? []).filter((n) => n && typeof n.id === 'string' && !seen.has(n.id) && seen.add(n.id));
  if (nodes.length === 0) {
    const empty = document.createElement('p');
    empty.textContent = 'No nodes to draw.';
    container.replaceChildren(empty);
    return { setCounts() {}, markProblems() {}, markFailed() {} };
  }
  const ids = new Set(nodes.map((n) => n.id));
  const edges = (definition?.edges ?? []).filter((e) => e && ids.has(e.from) && ids.has(e.to));
  // dagre keeps its nodes in plain objects, where an id such as "constructor" or "__proto__" names a built-in member:
  // it lays out keys of its own (the node's place in the list) instead of the journey's ids.
  const keys = new Map(nodes.map((n, i) => [n.id, `n${i}`]));
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'TB', nodesep: 30, ranksep: 50, marginx: 10, marginy: 10 });
  g.setDefaultEdgeLabel(() => ({}));
  const bodies = new Map(nodes.map((n) => [n.id, summary(n)]));
  // Room for the title, type, settings, counts (accounts, people, and acted/skipped) and problems.
  for (const n of nodes) g.setNode(keys.get(n.id), { width: nodeWidth, height: (5 + bodies.get(n.id).length) * lineHeight + 12 });
  // Each node's edges together, a split's in the order of its paths (the order they are tried, first match wins;
  // `other` last), then given last to first: dagre places a node's children right to left in the order their edges
  // came, so the paths read left to right.
  const pathsOf = new Map(nodes.map((n) => [n.id, Array.isArray(n.paths) ? n.paths.map((p) => p?.id) : []]));
  const firstEdgeOf = new Map();
  edges.forEach((e, i) => { if (!firstEdgeOf.has(e.from)) firstEdgeOf.set(e.from, i); });
  const rank = (e) => { const paths = pathsOf.get(e.from); const at = paths.indexOf(e.path); return at < 0 ? paths.length : at; };
  const order = edges.map((e, i) => ({ e, i, key: [firstEdgeOf.get(e.from), rank(e), i] }));
  order.sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1] || a.key[2] - b.key[2]);
  // A long path id is shortened on the drawing (whole in its tooltip), so it cannot widen the whole layout.
  order.reverse().forEach(({ e, i }) => g.setEdge(keys.get(e.from), keys.get(e.to), e.path ? { label: short(String(e.path), edgeLabelLength), full: String(e.path), width: 7 * Math.min(String(e.path).length, edgeLabelLength), height: lineHeight } : {}, `e${i}`));
  dagre.layout(g);

  // dagre sizes the graph by its nodes and edge labels only: an unlabelled edge routed round the outside (a split by
  // people's join) can bend past that, so the drawing's box takes in every edge point too.
  const size = g.graph();
  const margin = 10;
  let [left, top, right, bottom] = [0, 0, size.width, size.height];
  for (const e of g.edges()) {
    for (const p of g.edge(e).points) {
      [left, top, right, bottom] = [Math.min(left, p.x - margin), Math.min(top, p.y - margin), Math.max(right, p.x + margin), Math.max(bottom, p.y + margin)];
    }
  }
  const [width, height] = [right - left, bottom - top];
  const svg = el('svg', { viewBox: `${left} ${top} ${width} ${height}`, width, class: 'graph', role: 'group', 'aria-label': 'Journey graph' });
  // Shrunk to fit the panel down to 75% at most (9 px text); a wider graph scrolls in its box instead of turning unreadable.
  svg.style.minWidth = `${Math.round(width * 0.75)}px`;
  el('path', { d: 'M0,0 L8,4 L0,8 z', fill: 'currentColor' }, el('marker', { id: 'arrow', viewBox: '0 0 8 8', refX: 8, refY: 4, markerWidth: 8, markerHeight: 8, orient: 'auto' }, el('defs', {}, svg)));
  for (const e of g.edges()) {
    const edge = g.edge(e);
    el('polyline', { points: edge.points.map((p) => `${p.x},${p.y}`).join(' '), class: 'edge', 'marker-end': 'url(#arrow)' }, svg);
    if (edge.label) {
      const label = el('text', { x: edge.x, y: edge.y + 4, class: 'edge-label', 'text-anchor': 'middle' }, svg);
      label.textContent = edge.label;
      el('title', {}, label).textContent = edge.full;
    }
  }

  const handles = new Map();
  for (const n of nodes) {
    const box = g.node(keys.get(n.id));
    const group = el('g', { class: `node type-${n.type}`, transform: `translate(${box.x - box.width / 2},${box.y - box.height / 2})`, tabindex: 0, role: 'button', 'data-node': n.id }, svg);
    el('rect', { width: box.width, height: box.height, rx: 6 }, group);
    const text = (y, cls, value) => { const t = el('text', { x: 8, y, class: cls }, group); t.textContent = value; return t; };
    text(lineHeight, 'node-title', short(n.id, 26));
    text(2 * lineHeight, 'node-type', n.type ?? '(no type)');
    bodies.get(n.id).forEach((line, i) => text((3 + i) * lineHeight, 'node-setting', short(line)));
    const row = (3 + bodies.get(n.id).length) * lineHeight;
    const counts = text(row, 'node-counts', '');
    const people = text(row + lineHeight, 'node-people', '');
    const acted = text(row + (2 * lineHeight), 'node-acted', '');
    const title = el('title', {}, group);
    // The id, type and settings whole: the drawing cuts an id past 26 characters and a setting's line past 28.
    const described = [`${n.id} (${n.type})`, ...bodies.get(n.id)].join('\n');
    title.textContent = described;
    handles.set(n.id, { group, counts, people, acted, title, described });
    const select = () => {
      svg.querySelectorAll('.selected').forEach((s) => s.classList.remove('selected'));
      group.classList.add('selected');
      onSelect?.(n);
    };
    group.addEventListener('click', select);
    group.addEventListener('keydown', (event) => { if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); select(); } });
  }
  container.replaceChildren(svg);
  // A graph wider than its box opens on its middle, where dagre puts the start and the splits, not on its left edge.
  container.scrollLeft = (container.scrollWidth - container.clientWidth) / 2;
  performance.mark('journey-map:graph-drawn'); // read by scripts/benchmark.sh page

  return {
    setCounts(byNode) {
      for (const [id, h] of handles) {
        const c = byNode && Object.hasOwn(byNode, id) ? byNode[id] : undefined; // an id may be a built-in member's name
        const counts = c ? `reached ${c.reached} · now ${c.current} · left ${c.left}` : 'reached 0 · now 0 · left 0';
        const people = `people ${c?.peopleReached ?? 0} · ${c?.peopleCurrent ?? 0} · ${c?.peopleLeft ?? 0}`;
        const acted = c && (c.peopleAffected || c.peopleSkipped) ? `acted ${c.peopleAffected} · skipped ${c.peopleSkipped}` : '';
        // Only changed text is touched: no redraw, no flicker.
        setLine(h.counts, counts);
        setLine(h.people, people);
        setLine(h.acted, acted);
        h.group.classList.toggle('busy', (c?.current ?? 0) > 0);
      }
    },
    markProblems(problems) {
      for (const [id, h] of handles) {
        const mine = problems.filter((p) => p.node === id);
        h.group.classList.toggle('invalid', mine.length > 0);
        h.title.textContent = mine.length ? mine.map((p) => (p.field ? `${p.field}: ` : '') + p.reason).join('\n') : h.described;
        setLine(h.counts, mine.length ? `⚠ ${short((mine[0].field ? mine[0].field + ': ' : '') + mine[0].reason, 34)}` : '');
        setLine(h.people, mine.length > 1 ? `+${mine.length - 1} more problem(s)` : '');
        setLine(h.acted, '');
      }
    },
    markFailed(nodeId) {
      for (const [id, h] of handles) h.group.classList.toggle('failed', id === nodeId);
    },
  };
}
