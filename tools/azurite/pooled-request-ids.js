// Preloaded into Azurite by scripts/azurite.sh (node --require).
// Azurite names every request with uuid 3's v4, whose generator takes its 16 random bytes with crypto.randomBytes
// per call: a system call per request, 5% of Azurite's time while the incremental sync's small requests ran. Here the
// generator hands out 16 bytes at a time from a pool refilled by one crypto.randomFillSync per 256 ids (what Node's
// own crypto.randomUUID does). The ids are as random as before.
"use strict";
const crypto = require("crypto");
const path = require("path");
const Module = require("module");

const generator = require.resolve("uuid/lib/rng.js", { paths: [path.join(__dirname, "node_modules/azurite")] });
const pool = Buffer.alloc(16 * 256);
let next = pool.length;

function pooledRandom16() {
  if (next === pool.length) {
    crypto.randomFillSync(pool);
    next = 0;
  }
  next += 16;
  return Buffer.from(pool.subarray(next - 16, next)); // a copy: v4 sets its version bits in the bytes it gets
}

// In the module cache before Azurite's first require of uuid/v4, which takes its generator when it loads.
const cached = new Module(generator, module);
cached.filename = generator;
cached.loaded = true;
cached.exports = pooledRandom16;
require.cache[generator] = cached;
