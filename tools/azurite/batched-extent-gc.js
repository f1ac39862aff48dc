// Preloaded into Azurite by scripts/azurite.sh (node --require), for the in-memory emulator only.
// Azurite 3.35's queue GC runs once a minute and deletes each unreferenced message extent with its own scan of the
// whole extent collection (LokiJS findAndRemove by id): after a few thousand queue messages that is a single
// synchronous stretch of several seconds in which the emulator answers nothing (measured: a 2.2 s mark-and-sweep of
// 1,590 extents held every request; docs/benchmarks.md). This removes a sweep's extents in one pass instead; what is
// deleted is the same.
"use strict";
const path = require("path");
const persistence = path.join(__dirname, "node_modules/azurite/dist/src/common/persistence");
const MemoryExtentStore = require(path.join(persistence, "MemoryExtentStore")).default;

MemoryExtentStore.prototype.deleteExtents = async function deleteExtentsInOnePass(extents) {
  const ids = new Set(extents);
  for (const id of ids) {
    if (this.chunks.get(this.categoryName, id)) {
      this.chunks.delete(this.categoryName, id);
    }
  }
  const store = this.metadataStore;
  const collection = store.db && store.db.getCollection(store.EXTENTS_COLLECTION);
  if (collection) {
    collection.removeWhere(extent => ids.has(extent.id));
  } else {
    for (const id of ids) {
      await store.deleteExtent(id);
    }
  }
  return ids.size;
};
