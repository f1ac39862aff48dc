// Preloaded into Azurite by scripts/azurite.sh (node --require) unless AZURITE_KEY_INDEX=0.
// Azurite 3.35 keeps every queue's messages in one LokiJS collection with four binary indices (account, queue,
// message id, and "visibleTime", a field no message has), and twice per dequeue made LokiJS rebuild all four from
// scratch, a sort of every live message of every queue:
// - it clears a queue's expired messages before every dequeue and hands LokiJS the list to remove even when it is
//   empty (a profile at 50,000 accounts: 28% of Azurite's time); a remove of nothing is skipped here;
// - it marks the dequeued messages with one update of the whole batch, and LokiJS rebuilds every index after a batch
//   update. The fields a dequeue changes (visibility time, pop receipt, dequeue count) are in no index, so here the
//   batch is updated message by message with the indices left as they are.
// What is removed, updated and returned is the same.
"use strict";
const path = require("path");
const Store = require(path.join(__dirname, "node_modules/azurite/dist/src/queue/persistence/LokiQueueMetadataStore")).default;

function removeUnlessNothing(doc) {
  if (Array.isArray(doc) && doc.length === 0) {
    return;
  }
  return Object.getPrototypeOf(this).remove.call(this, doc);
}

function keptInPlace() {}

// The dequeue's batch update, one message at a time, none of the indices touched (their fields do not change).
function updateOutsideIndices(doc) {
  const update = Object.getPrototypeOf(this).update;
  if (!Array.isArray(doc)) {
    return update.call(this, doc);
  }
  this.adaptiveBinaryIndexUpdate = keptInPlace;
  try {
    doc.forEach(message => update.call(this, message));
  } finally {
    delete this.adaptiveBinaryIndexUpdate;
  }
}

// Shadows methods of the message collection for one call of the store's method: the originals find, remove and
// update synchronously, before their first await.
function withShadowed(method, shadows) {
  const original = Store.prototype[method];
  Store.prototype[method] = function shadowed(...args) {
    const messages = this.db && this.db.getCollection(this.MESSAGES_COLLECTION);
    if (!messages) {
      return original.apply(this, args);
    }
    Object.assign(messages, shadows);
    try {
      return original.apply(this, args);
    } finally {
      Object.keys(shadows).forEach(name => delete messages[name]);
    }
  };
}

if (process.env.AZURITE_KEY_INDEX !== "0") {
  withShadowed("clearExpiredMessages", { remove: removeUnlessNothing });
  withShadowed("getMessages", { update: updateOutsideIndices });
}
