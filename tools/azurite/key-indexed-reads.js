// Preloaded into Azurite by scripts/azurite.sh (node --require) unless AZURITE_KEY_INDEX=0.
// Azurite 3.35 keeps each table in a LokiJS collection with binary indices on PartitionKey and RowKey, but uses only
// the first: a point read (and every insert, update and delete, which look their row up first) scans the row's whole
// partition for its RowKey, and a query scans the whole table whatever its filter. Azure Tables serve both from the
// key index, so on Azurite partition and table sizes decided the engine's speed (docs/benchmarks.md). This makes
// Azurite use the indices it already has:
// - a lookup by PartitionKey and RowKey scans the shorter of the two index ranges (a large partition's RowKey: one row);
// - a query whose filter is a conjunction naming PartitionKey (eq, or a range) starts from that key's index range;
// - an update that keeps the row's keys (all of them: keys are immutable) leaves its index entries where they are,
//   and a replace takes the stored row's place instead of removing it and inserting anew.
// Each candidate row is still checked with Azurite's own comparisons and the query's own filter, so results are the
// same rows as before (tests/Operations.Tests/AzuriteKeyIndexTests.cs); only the rows looked at change.
"use strict";
const path = require("path");
const dist = path.join(__dirname, "node_modules/azurite/dist/src/table/persistence");
const Store = require(path.join(dist, "LokiTableMetadataStore")).default;
const parseQuery = require(path.join(dist, "QueryInterpreter/QueryParser")).default;
const node = name => require(path.join(dist, "QueryInterpreter/QueryNodes", name)).default;
const [AndNode, EqualsNode, GreaterThanNode, GreaterThanEqualNode, LessThanNode, LessThanEqualNode, IdentifierNode, ConstantNode] =
  ["AndNode", "EqualsNode", "GreaterThanNode", "GreaterThanEqualNode", "LessThanNode", "LessThanEqualNode", "IdentifierNode", "ConstantNode"].map(node);

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
    this.adaptiveBinaryIndexUpdate = keptInPlace;
    try {
      return update.call(this, doc);
    } finally {
      delete this.adaptiveBinaryIndexUpdate;
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
    // A small partition is scanned as it is; a large one only when its RowKey is shared by more rows (as Durable's
    // history sequence numbers are). Each range costs a binary search of LokiJS's slow comparisons, so only one when enough.
    const byPartition = indexRange(this, "PartitionKey", "$eq", pk);
    const byRow = byPartition && byPartition[1] - byPartition[0] >= smallPartition ? indexRange(this, "RowKey", "$eq", rk) : null;
    if (!byPartition) {
      return findOne.call(this, query);
    }
    const [prop, range] = byRow && byRow[1] - byRow[0] < byPartition[1] - byPartition[0] ? ["RowKey", byRow] : ["PartitionKey", byPartition];
    return firstInRange(this, prop, range, row => row.PartitionKey === pk && row.RowKey === rk);
  };
}

// The query's PartitionKey bounds when its filter is a plain conjunction: { eq } or { low, high } (inclusive; the
// filter itself applies strictness), or null.
function partitionBounds(filter) {
  if (typeof filter !== "string" || filter === "") {
    return null;
  }
  let tree;
  try {
    tree = parseQuery(filter);
  } catch {
    return null; // Azurite's own path answers with its error
  }
  const conjuncts = [];
  const flatten = n => (n instanceof AndNode ? (flatten(n.left), flatten(n.right)) : conjuncts.push(n));
  flatten(tree);
  const bounds = {};
  for (const c of conjuncts) {
    if (!(c.left instanceof IdentifierNode) || c.left.identifier !== "PartitionKey" || !(c.right instanceof ConstantNode)) {
      continue;
    }
    const value = c.right.value;
    if (c instanceof EqualsNode && typeof value === "string" && value !== "") {
      return { eq: value };
    }
    if ((c instanceof GreaterThanNode || c instanceof GreaterThanEqualNode) && typeof value === "string") {
      bounds.low = bounds.low === undefined || value > bounds.low ? value : bounds.low;
    }
    if ((c instanceof LessThanNode || c instanceof LessThanEqualNode) && typeof value === "string") {
      bounds.high = bounds.high === undefined || value < bounds.high ? value : bounds.high;
    }
  }
  // Every key between two bounds starts with their common prefix: when no number starts so, LokiJS orders all those
  // keys as strings and its index range is the query's; other ranges keep the whole-table scan.
  return bounds.low !== undefined && bounds.high !== undefined && !mayStartNumber(commonPrefix(bounds.low, bounds.high)) ? bounds : null;
}

// A view of the collection whose chain() starts from the rows in the query's partition range, not the whole table.
function partitionView(collection, bounds) {
  const range = bounds.eq !== undefined
    ? indexRange(collection, "PartitionKey", "$eq", bounds.eq)
    : indexRange(collection, "PartitionKey", "$between", [bounds.low, bounds.high]);
  if (!range) {
    return collection;
  }
  const positions = collection.binaryIndices.PartitionKey.values.slice(range[0], range[1] + 1);
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
    }
    return collection;
  };

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
  Store.prototype.queryTableEntities = function partitionIndexedQuery(context, account, table, queryOptions, ...rest) {
    const bounds = partitionBounds(queryOptions && queryOptions.filter);
    if (!bounds) {
      return queryTableEntities.call(this, context, account, table, queryOptions, ...rest);
    }
    // The original reads the collection synchronously, before its first await: shadow the lookup for that call only.
    this.getEntityCollection = (...args) => partitionView(Store.prototype.getEntityCollection.apply(this, args), bounds);
    try {
      return queryTableEntities.call(this, context, account, table, queryOptions, ...rest);
    } finally {
      delete this.getEntityCollection;
    }
  };
}
