// Child process of the cold-load scenario, pinned to the server core: the in-process floor of a
// cold load, i.e. applying the board's final state to a fresh Y.Doc and encoding it for a client.
import fs from 'node:fs';
import * as Y from 'yjs';

const state = new Uint8Array(fs.readFileSync(process.argv[2]));
const t0 = performance.now();
const doc = new Y.Doc();
Y.applyUpdate(doc, state);
const t1 = performance.now();
const encoded = Y.encodeStateAsUpdate(doc);
const t2 = performance.now();
console.log(JSON.stringify({ applyMs: t1 - t0, encodeMs: t2 - t1, totalMs: t2 - t0, bytes: encoded.byteLength }));
