// Preloaded into Azurite by scripts/azurite.sh (node --require) unless AZURITE_KEY_INDEX=0.
// Azurite 3.35 keeps each table in a LokiJS collection with binary indices on PartitionKey and RowKey, but uses only
// the first: a point read (and every insert, update and delete, which look their row up first) scans the row's whole
// partition for its RowKey, and a query scans the whole table whatever its filter. Azure Tables serve both from the
// key index, so on Azurite partition and table sizes decided the engine's speed (docs/benchmarks.md). This makes
// Azurite use the indices it already has:
// - a lookup by PartitionKey and RowKey looks at the rows with that RowKey (where RowKeys are plain strings, mostly
//   one row), or at the shorter of the two index ranges;
// - a query whose filter is a conjunction naming PartitionKey (eq, or a range) starts from that key's index range, or
//   from RowKey's when it bounds RowKey on both sides and that range is the smaller (in tables of plain keys);
// - in a table whose keys LokiJS orders as strings (no number-like PartitionKey), a query walks the PartitionKey index
//   from its first possible key (its filter's bound, or its continuation) and stops once it has a page: Azurite
//   filtered and sorted every remaining row of the table for each page, so paging through a table was quadratic;
// - in an index whose keys are all plain strings, binary searches (lookups, and placing an inserted row) compare as
//   strings: LokiJS's comparison passes every pair through Number() and type checks, most of an insert's cost;
// - an update that keeps the row's keys (all of them: keys are immutable) leaves its index entries where they are,
//   and a replace takes the stored row's place instead of removing it and inserting anew;
// - an inserted row waits beside the key indices (found by its keys meanwhile) until a few hundred have, or until
//   anything else reads or changes the indices, and then goes in with the others in one merge: placing each row on its
//   own moved the rest of the index along (a splice), a cost that grew with the table (docs/benchmarks.md).
// Each candidate row is still checked with Azurite's own comparisons and the query's own filter, so results are the
// same rows as before (tests/Operations.Tests/AzuriteKeyIndexTests.cs); only the rows looked at change.
"use strict";
const path = require("path");
const dist = path.join(__dirname, "node_modules/azurite/dist/src/table/persistence");
const Store = require(path.join(dist, "LokiTableMetadataStore")).default;
const parseQuery = require(path.join(dist, "QueryInterpreter/QueryParser")).default;
const QueryGenerator = require(path.join(dist, "LokiTableStoreQueryGenerator")).default;
const node = name => require(path.join(dist, "QueryInterpreter/QueryNodes", name)).default;
const [AndNode, EqualsNode, GreaterThanNode, GreaterThanEqualNode, LessThanNode, LessThanEqualNode, IdentifierNode, ConstantNode] =
  ["AndNode", "EqualsNode", "GreaterThanNode", "GreaterThanEqualNode", "LessThanNode", "LessThanEqualNode", "IdentifierNode", "ConstantNode"].map(node);

const Loki = require(path.join(__dirname, "node_modules/lokijs"));
const { Comparators } = Loki;

const patched = Symbol("keyIndexedReads");
const smallPartition = 64;

// LokiJS sorts index values that parse as numbers ("12", "1e5", " 7", "0x1F", "Infinity") numerically and before all
// other strings, so its index order is the Table service's string order only among keys that cannot parse. A key
// cannot when it starts with a prefix no number starts with; these match every prefix of a number (and a few more).
const decimalPrefix = /^\s*[+-]?(\d*\.?\d*([eE][+-]?\d*)?|I[nfity]*)\s*$/;
const radixPrefix = /^\s*0([xX][0-9a-fA-F]*|[oO][0-7]*|[bB][01]*)?\s*$/;
const mayStartNumber = prefix => decimalPrefix.test(prefix) || radixPrefix.test(prefix);

function commonPrefix(a, b) {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) {
    i++;
  }
  return a.slice(0, i);
}

// The [first, last] positions in a key's binary index of the rows whose key equals value in LokiJS's loose sense
// (a superset of the exact matches), or null when the index cannot be used.
function indexRange(collection, prop, op, value) {
  if (!collection.binaryIndices[prop]) {
    return null;
  }
  collection.ensureIndex(prop); // rebuilds only an index LokiJS marked dirty
  return collection.calculateRange(op, prop, value);
}

// The first row of a key's index range that accept() takes, or null.
function firstInRange(collection, prop, range, accept) {
  const positions = collection.binaryIndices[prop].values;
  for (let i = range[0]; i <= range[1]; i++) {
    const row = collection.data[positions[i]];
    if (accept(row)) {
      return row;
    }
  }
  return null;
}

// LokiJS re-places an updated row in each index by a linear search of that index, a pass over the table per update
// (the merges of a 62,500-row People shard made a run quadratic). An entity's keys never change in an update and LokiJS
// keeps its data position, so its index entries stay right as they are: skip the re-placing when both keys are the
// same as the stored row's and the keys are the only indices.
function installKeyedUpdate(collection) {
  const update = collection.update;
  const keysOnly = () => Object.keys(collection.binaryIndices).every(name => name === "PartitionKey" || name === "RowKey");
  collection.update = function keyedUpdate(doc) {
    const stored = !Array.isArray(doc) && doc && this.adaptiveBinaryIndices && keysOnly() ? this.get(doc.$loki) : null;
    if (!stored || stored.PartitionKey !== doc.PartitionKey || stored.RowKey !== doc.RowKey) {
      return update.call(this, doc);
    }
    const placeAgain = this.adaptiveBinaryIndexUpdate;
    this.adaptiveBinaryIndexUpdate = keptInPlace;
    try {
      return update.call(this, doc);
    } finally {
      this.adaptiveBinaryIndexUpdate = placeAgain;
    }
  };
}

function keptInPlace() {}

// Azurite replaces an entity (an upsert or update that is not a merge) by removing the stored row and inserting the
// new one, and LokiJS's remove walks both key indices to shift every later position: a pass over the table per
// replace. While Azurite replaces a row, its remove is held and the insert of the row with the same keys takes the
// stored row's place instead (its LokiJS id and data position), which leaves the indices as they are.
const replacing = Symbol("replacing");

function installReplaceInPlace(collection) {
  const { remove, insert } = Object.getPrototypeOf(collection);
  collection.remove = function removeOrHold(doc) {
    const replace = this[replacing];
    if (replace && replace.held === undefined && doc && typeof doc === "object" && !Array.isArray(doc)) {
      replace.held = doc;
      return doc;
    }
    return remove.call(this, doc);
  };
  collection.insert = function insertOrTakePlace(doc) {
    const replace = this[replacing];
    const held = replace && replace.held;
    if (!held || !doc || Array.isArray(doc) || held.PartitionKey !== doc.PartitionKey || held.RowKey !== doc.RowKey) {
      return insert.call(this, doc);
    }
    replace.held = null;
    doc.$loki = held.$loki;
    doc.meta = { ...held.meta };
    this.update(doc);
    return doc;
  };
  collection[replacing] = null;
  collection.finishReplace = function finishReplace() {
    const replace = this[replacing];
    this[replacing] = null;
    if (replace && replace.held) {
      remove.call(this, replace.held); // a remove with no insert after it: carried out after all
    }
  };
}

function installPointLookup(collection) {
  const findOne = collection.findOne;
  collection.findOne = function keyedFindOne(query) {
    const keys = query ? Object.keys(query) : [];
    const { PartitionKey: pk, RowKey: rk } = query || {};
    if (this.cloneObjects || keys.length !== 2 || typeof pk !== "string" || typeof rk !== "string" || pk === "" || rk === "") {
      return findOne.call(this, query);
    }
    const inserted = waitingRow(this, pk, rk);
    if (inserted) {
      return inserted;
    }
    // In an index of plain RowKeys the row's RowKey is found first, with one string search: mostly it is the only row
    // with that key. Otherwise (number-like RowKeys such as Durable's history sequence numbers, whose search takes
    // LokiJS's slow comparisons, or a RowKey many partitions share) a small partition is scanned as it is, a large one
    // only when its RowKey is shared by fewer rows.
    const run = orderedAsStrings(this, "RowKey") && plainKey(rk) ? equalRun(this, "RowKey", rk) : null;
    const firstRows = run && [run[0], run[1] - 1];
    if (firstRows && firstRows[1] - firstRows[0] < smallPartition) {
      return firstInRange(this, "RowKey", firstRows, row => row.PartitionKey === pk && row.RowKey === rk);
    }
    const byPartition = keyRange(this, "PartitionKey", pk);
    const byRow = firstRows || (byPartition && byPartition[1] - byPartition[0] >= smallPartition ? keyRange(this, "RowKey", rk) : null);
    if (!byPartition) {
      return findOne.call(this, query);
    }
    const [prop, range] = byRow && byRow[1] - byRow[0] < byPartition[1] - byPartition[0] ? ["RowKey", byRow] : ["PartitionKey", byPartition];
    return firstInRange(this, prop, range, row => row.PartitionKey === pk && row.RowKey === rk);
  };
}

// The PartitionKey bounds of a query's filter when it is a plain conjunction: { eq } or { low?, high? } (inclusive;
// the filter itself applies strictness), with the RowKey's bounds of the same shape as `row` when it names any; {} for
// no filter; null for a filter that is not a conjunction of such terms or does not parse (Azurite's own path answers
// with its error).
function filterBounds(filter) {
  if (filter === undefined || filter === null || filter === "") {
    return {};
  }
  if (typeof filter !== "string") {
    return null;
  }
  let tree;
  try {
    tree = parseQuery(filter);
  } catch {
    return null;
  }
  const conjuncts = [];
  const flatten = n => (n instanceof AndNode ? (flatten(n.left), flatten(n.right)) : conjuncts.push(n));
  flatten(tree);
  const keys = { PartitionKey: {}, RowKey: {} };
  for (const c of conjuncts) {
    const bounds = c.left instanceof IdentifierNode && c.right instanceof ConstantNode ? keys[c.left.identifier] : undefined;
    const value = c.right && c.right.value;
    if (!bounds || typeof value !== "string") {
      continue;
    }
    if (c instanceof EqualsNode && value !== "") {
      bounds.eq = value;
    }
    if (c instanceof GreaterThanNode || c instanceof GreaterThanEqualNode) {
      bounds.low = bounds.low === undefined || value > bounds.low ? value : bounds.low;
    }
    if (c instanceof LessThanNode || c instanceof LessThanEqualNode) {
      bounds.high = bounds.high === undefined || value < bounds.high ? value : bounds.high;
    }
  }
  const partition = keys.PartitionKey.eq !== undefined ? { eq: keys.PartitionKey.eq } : keys.PartitionKey;
  return Object.keys(keys.RowKey).length > 0 ? { ...partition, row: keys.RowKey } : partition;
}

// Bounds whose LokiJS index range is the query's, or null. Every key between two bounds starts with their common
// prefix: when no number starts so, LokiJS orders all those keys as strings; other ranges keep the whole-table scan.
function indexableBounds(bounds) {
  if (!bounds || bounds.eq !== undefined) {
    return bounds && bounds.eq !== undefined ? bounds : null;
  }
  return bounds.low !== undefined && bounds.high !== undefined && !mayStartNumber(commonPrefix(bounds.low, bounds.high)) ? bounds : null;
}

// A key LokiJS compares as a plain string: not empty (sorted apart) and not number-like.
const plainKey = key => typeof key === "string" && key !== "" && Number.isNaN(Number(key));

// Whether a key's LokiJS index is up to date and in the Table service's string order: empty and number-like keys sort
// first, so when the first key is neither, no key is, and LokiJS compares every two with the plain string comparison.
function orderedAsStrings(collection, prop) {
  if (collection.binaryIndices[prop]) {
    Object.getPrototypeOf(collection).ensureIndex.call(collection, prop); // rebuilds only a dirty index; waiting rows stay waiting
  }
  const index = collection.binaryIndices[prop];
  return Boolean(index) && !index.dirty && (index.values.length === 0 || plainKey(collection.data[index.values[0]][prop]));
}

// The two orders of a key index: the Table service's (plain string comparison), which LokiJS keeps among plain keys,
// and LokiJS's own (number-like keys first, numerically), which passes every pair through Number() and type checks.
const stringOrder = (a, b) => a < b;
const lokiOrder = (a, b) => Comparators.lt(a, b, false);

// The first of the positions [0, end) of a key's index whose key is not before `key` in the order `before` (with
// `past`, the first whose key is after it): a binary search.
function searchIndex(collection, prop, key, end, before, past) {
  const values = collection.binaryIndices[prop].values;
  const data = collection.data;
  let low = 0;
  let high = end;
  while (low < high) {
    const mid = (low + high) >> 1;
    const at = data[values[mid]][prop];
    if (past ? !before(key, at) : before(at, key)) {
      low = mid + 1;
    } else {
      high = mid;
    }
  }
  return low;
}

// The first position of an index ordered as strings whose key is at or after `key` (or, with `past`, after it).
function stringBound(collection, prop, key, past) {
  return searchIndex(collection, prop, key, collection.binaryIndices[prop].values.length, stringOrder, past);
}

// The positions a key's index (ordered as strings) spans between bounds { eq } or { low?, high? }: [first, end).
function stringSpan(collection, prop, bounds) {
  if (bounds.eq !== undefined) {
    return equalRun(collection, prop, bounds.eq);
  }
  const { low, high } = bounds;
  return [
    low === undefined ? 0 : stringBound(collection, prop, low, false),
    high === undefined ? collection.binaryIndices[prop].values.length : stringBound(collection, prop, high, true),
  ];
}

// [first, end) of the positions whose key is `key` in an index ordered as strings: a search for the first, then a walk
// while the key repeats, since most such runs are one row (a unique RowKey); a run longer than a small partition
// takes a second search instead.
function equalRun(collection, prop, key) {
  const values = collection.binaryIndices[prop].values;
  const data = collection.data;
  const first = stringBound(collection, prop, key, false);
  let end = first;
  while (end < values.length && end - first < smallPartition && data[values[end]][prop] === key) {
    end++;
  }
  return [first, end - first < smallPartition ? end : stringBound(collection, prop, key, true)];
}

// [first, last] positions of the rows whose key is `value` in a key's index (LokiJS's loose sense: a superset of the
// exact matches), found with string comparisons when the index and the value allow, else with LokiJS's own (without
// merging the rows that wait: a point lookup checks those itself); null when there is no index or it is dirty.
function keyRange(collection, prop, value) {
  if (orderedAsStrings(collection, prop) && plainKey(value)) {
    const [first, end] = stringSpan(collection, prop, { eq: value });
    return [first, end - 1];
  }
  const index = collection.binaryIndices[prop];
  if (!index || index.dirty) {
    return null;
  }
  const end = index.values.length;
  return [searchIndex(collection, prop, value, end, lokiOrder, false), searchIndex(collection, prop, value, end, lokiOrder, true) - 1];
}

// Rows inserted but not yet placed in the key indices: their data positions per index, and by their keys (positions,
// not rows: an update puts a new object at the same position; a remove, which shifts positions, merges them first).
const waiting = Symbol("waitingRows");
const mostWaiting = 256;

const keysOf = (pk, rk) => `${pk.length}:${pk}${rk}`;

// The row with these keys among those waiting, or undefined.
function waitingRow(collection, pk, rk) {
  const rows = collection[waiting];
  const position = rows && rows.byKeys.size > 0 ? rows.byKeys.get(keysOf(pk, rk)) : undefined;
  return position === undefined ? undefined : collection.data[position];
}

// LokiJS places each inserted row in both key indices at once, by a binary search and a splice that moves every later
// entry: a pass over the index per insert. Rows of plain key indices wait instead, up to mostWaiting, and are merged in
// together (one pass over each index). Anything else that reads or changes the indices merges them first, except a
// point lookup, which checks the waiting rows by their keys and searches the indices as they are.
function installDeferredInsert(collection) {
  const insertIntoIndex = collection.adaptiveBinaryIndexInsert;
  collection[waiting] = { byIndex: new Map(), byKeys: new Map() };
  collection.adaptiveBinaryIndexInsert = function deferredIndexInsert(dataPosition, name) {
    const index = this.binaryIndices[name];
    if ((name !== "PartitionKey" && name !== "RowKey") || !index || index.dirty) {
      mergeWaiting(this);
      return insertIntoIndex.call(this, dataPosition, name);
    }
    const rows = this[waiting];
    const positions = rows.byIndex.get(name) || [];
    rows.byIndex.set(name, positions);
    positions.push(dataPosition);
    const row = this.data[dataPosition];
    rows.byKeys.set(keysOf(String(row.PartitionKey), String(row.RowKey)), dataPosition);
    if (positions.length >= mostWaiting) {
      mergeWaiting(this);
    }
  };
  // Every other way LokiJS reads an index or moves data positions (a remove shifts them) merges the waiting rows first.
  for (const name of ["chain", "calculateRange", "calculateRangeStart", "calculateRangeEnd", "ensureIndex", "checkIndex",
    "getBinaryIndexValues", "getBinaryIndexPosition", "adaptiveBinaryIndexUpdate", "adaptiveBinaryIndexRemove",
    "removeBatchByPositions", "clear", "flagBinaryIndexesDirty"]) {
    const own = collection[name];
    collection[name] = function mergedFirst(...args) {
      mergeWaiting(this);
      return own.apply(this, args);
    };
  }
}

// Merges the waiting rows into their indices: sorted, each placed by a binary search, the index rebuilt in one pass.
// A dirty index drops them (LokiJS rebuilds it from the data, which holds them).
function mergeWaiting(collection) {
  const rows = collection[waiting];
  if (!rows || rows.byKeys.size === 0) {
    return;
  }
  for (const [name, positions] of rows.byIndex) {
    const index = collection.binaryIndices[name];
    if (!index || index.dirty || positions.length === 0) {
      continue;
    }
    const data = collection.data;
    // Plain string order when every key is plain (an index ordered as strings holds only plain keys), else LokiJS's.
    const asStrings = orderedAsStrings(collection, name) && positions.every(p => plainKey(data[p][name]));
    const before = asStrings ? stringOrder : lokiOrder;
    positions.sort((a, b) => (before(data[a][name], data[b][name]) ? -1 : before(data[b][name], data[a][name]) ? 1 : 0));
    // In place, from the end: the index grows by the waiting rows (a push keeps spare room, where a splice into a
    // full array copies it), then each original entry moves once, past the waiting rows that sort before it.
    const values = index.values;
    let unmoved = values.length; // values[0, unmoved) are still the original entries in their places
    for (let j = 0; j < positions.length; j++) {
      values.push(0);
    }
    let write = values.length;
    for (let j = positions.length - 1; j >= 0; j--) {
      const low = searchIndex(collection, name, data[positions[j]][name], unmoved, before, false);
      while (unmoved > low) {
        values[--write] = values[--unmoved];
      }
      values[--write] = positions[j];
    }
  }
  rows.byIndex.clear();
  rows.byKeys.clear();
}

// The data positions of the first `limit` rows accept() takes in (PartitionKey, RowKey) order, walking an index in
// string order from the first key at or after `from` to the last at or before `to`, plus every other accepted row
// that shares the last one's PartitionKey (the index does not order rows within a partition).
function pageCandidates(collection, from, to, accept, limit) {
  const values = collection.binaryIndices.PartitionKey.values;
  const data = collection.data;
  let i = from === undefined ? 0 : stringBound(collection, "PartitionKey", from, false);
  const positions = [];
  let lastKey;
  for (; i < values.length; i++) {
    const row = data[values[i]];
    if ((to !== undefined && row.PartitionKey > to) || (positions.length >= limit && row.PartitionKey !== lastKey)) {
      break;
    }
    if (accept(row)) {
      positions.push(values[i]);
      lastKey = row.PartitionKey;
    }
  }
  return positions;
}

// Azurite's own continuation rule: rows after (nextPartitionKey, nextRowKey).
function afterContinuation(nextPartitionKey, nextRowKey) {
  return row => {
    if (nextPartitionKey !== undefined && row.PartitionKey > nextPartitionKey) {
      return true;
    }
    if (nextRowKey !== undefined) {
      return row.RowKey >= nextRowKey && (row.PartitionKey === nextPartitionKey || row.PartitionKey === undefined);
    }
    return nextPartitionKey === undefined || row.PartitionKey >= nextPartitionKey;
  };
}

// A page's candidate positions for a query on a table ordered as strings, or null to leave the query as it is.
function orderedPage(store, collection, queryOptions, bounds, nextPartitionKey, nextRowKey, context) {
  const from = [bounds.eq, bounds.low, nextPartitionKey].filter(k => k !== undefined).reduce((a, b) => (a === undefined || b > a ? b : a), undefined);
  const to = bounds.eq !== undefined ? bounds.eq : bounds.high;
  if (!orderedAsStrings(collection, "PartitionKey") || ![from, to].every(k => k === undefined || plainKey(k))) {
    return null;
  }
  const where = QueryGenerator.generateQueryForPersistenceLayer(queryOptions, context);
  const after = afterContinuation(nextPartitionKey, nextRowKey);
  return pageCandidates(collection, from, to, row => where(row) && after(row), store.getMaxResultsOption(queryOptions) + 1);
}

// The data positions of the rows in the RowKey index range of a query bounded on both sides by RowKey, when that range
// is smaller than its PartitionKey range; else null. A batch of accounts read from many hash-bucket partitions (the
// journey's entries) names few RowKeys but many partitions, or one partition as large as the audience over the buckets.
function rowKeyRange(collection, bounds) {
  const row = bounds.row;
  if (!row || (row.eq === undefined && (row.low === undefined || row.high === undefined))
    || !orderedAsStrings(collection, "RowKey") || !orderedAsStrings(collection, "PartitionKey")) {
    return null;
  }
  const [first, end] = stringSpan(collection, "RowKey", row);
  const [pkFirst, pkEnd] = stringSpan(collection, "PartitionKey", bounds);
  return end - first < pkEnd - pkFirst ? collection.binaryIndices.RowKey.values.slice(first, Math.max(first, end)) : null;
}

// The data positions of the rows in an index range of the query's partition bounds, or null.
function partitionRange(collection, bounds) {
  const range = bounds.eq !== undefined
    ? indexRange(collection, "PartitionKey", "$eq", bounds.eq)
    : indexRange(collection, "PartitionKey", "$between", [bounds.low, bounds.high]);
  return range && collection.binaryIndices.PartitionKey.values.slice(range[0], range[1] + 1);
}

// A view of the collection whose chain() starts from the given rows, not the whole table.
function viewOf(collection, positions) {
  const view = Object.create(collection);
  view.chain = function partitionChain() {
    const resultset = collection.chain();
    resultset.filteredrows = positions;
    resultset.filterInitialized = true;
    return resultset;
  };
  return view;
}

if (process.env.AZURITE_KEY_INDEX !== "0") {
  const getEntityCollection = Store.prototype.getEntityCollection;
  Store.prototype.getEntityCollection = function keyIndexedCollection(...args) {
    const collection = getEntityCollection.apply(this, args);
    if (!collection[patched]) {
      collection[patched] = true;
      installPointLookup(collection);
      installKeyedUpdate(collection);
      installReplaceInPlace(collection);
      installDeferredInsert(collection);
    }
    return collection;
  };

  // A saved database must hold every row in its indices (a loaded index is trusted as it is).
  for (const name of ["serialize", "serializeDestructured", "saveDatabase"]) {
    const own = Loki.prototype[name];
    Loki.prototype[name] = function mergedBeforeSaving(...args) {
      (this.collections || []).forEach(mergeWaiting);
      return own.apply(this, args);
    };
  }

  // Azurite's replace reads the collection, removes and inserts synchronously, before any await.
  const updateTableEntity = Store.prototype.updateTableEntity;
  Store.prototype.updateTableEntity = function replaceInPlace(context, table, account, ...rest) {
    let collection;
    try {
      collection = this.getEntityCollection(account, table, context);
    } catch {
      return updateTableEntity.call(this, context, table, account, ...rest); // answers with Azurite's own error
    }
    collection[replacing] = {};
    try {
      return updateTableEntity.call(this, context, table, account, ...rest);
    } finally {
      collection.finishReplace();
    }
  };

  const queryTableEntities = Store.prototype.queryTableEntities;
  Store.prototype.queryTableEntities = function partitionIndexedQuery(context, account, table, queryOptions, nextPartitionKey, nextRowKey, ...rest) {
    const original = () => queryTableEntities.call(this, context, account, table, queryOptions, nextPartitionKey, nextRowKey, ...rest);
    const bounds = filterBounds(queryOptions && queryOptions.filter);
    if (!bounds) {
      return original();
    }
    let collection;
    let positions;
    try {
      collection = this.getEntityCollection(account, table, context);
      mergeWaiting(collection);
      positions = rowKeyRange(collection, bounds) || orderedPage(this, collection, queryOptions, bounds,
        this.decodeContinuationHeader(nextPartitionKey), this.decodeContinuationHeader(nextRowKey), context);
      if (!positions) {
        const indexable = indexableBounds(bounds);
        positions = indexable && partitionRange(collection, indexable);
      }
    } catch {
      positions = null; // a missing table, a filter Azurite refuses, a row it cannot judge: its own path answers
    }
    if (!positions) {
      return original();
    }
    // The original reads the collection synchronously, before its first await: shadow the lookup for that call only.
    this.getEntityCollection = () => viewOf(collection, positions);
    try {
      return original();
    } finally {
      delete this.getEntityCollection;
    }
  };
}
