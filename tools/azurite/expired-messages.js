// Preloaded into Azurite by scripts/azurite.sh (node --require) unless AZURITE_KEY_INDEX=0.
// Azurite 3.35 clears a queue's expired messages before every dequeue, and hands LokiJS the list to remove even when
// it is empty; LokiJS then rebuilds all four indices of the message collection from scratch, a sort of every live
// message of every queue per dequeue (a profile at 50,000 accounts: 28% of Azurite's time). This skips the remove of
// nothing; what is removed is the same.
"use strict";
const path = require("path");
const Store = require(path.join(__dirname, "node_modules/azurite/dist/src/queue/persistence/LokiQueueMetadataStore")).default;

function removeUnlessNothing(doc) {
  if (Array.isArray(doc) && doc.length === 0) {
    return;
  }
  return Object.getPrototypeOf(this).remove.call(this, doc);
}

if (process.env.AZURITE_KEY_INDEX !== "0") {
  const clearExpiredMessages = Store.prototype.clearExpiredMessages;
  // The original finds and removes synchronously, before any await: the shadowed remove holds for that call only.
  Store.prototype.clearExpiredMessages = function clearExpiredIfAny(...args) {
    const messages = this.db && this.db.getCollection(this.MESSAGES_COLLECTION);
    if (!messages) {
      return clearExpiredMessages.apply(this, args);
    }
    messages.remove = removeUnlessNothing;
    try {
      return clearExpiredMessages.apply(this, args);
    } finally {
      delete messages.remove;
    }
  };
}
