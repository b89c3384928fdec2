// `node tests/bench/projection.ts`: the board snapshot at the documented limits, a full re-read
// (what every change cost before issue #15) against the live, incremental one, per kind of change.
// Plain Node, one process, no browser: the main-thread JavaScript a change costs before rendering.
import os from 'node:os';
import * as Y from 'yjs';
import { fillBigBoard, LIMIT_BOARD } from '../fixtures/bigBoard.ts';
import { toSnapshot } from '../../src/lib/board/doc/snapshot.ts';
import { LiveSnapshot } from '../../src/lib/board/doc/liveSnapshot.ts';
import { computeConvergence } from '../../src/lib/board/views/convergence.ts';
import { computeAlignment } from '../../src/lib/board/views/alignment.ts';
import { computeWhereToHelp } from '../../src/lib/board/views/whereToHelp.ts';
import { layoutHelpChart, plotFor } from '../../src/lib/components/board/helpChartLayout.ts';

const doc = new Y.Doc();
const internal = new Y.Doc();
const { clients, targets } = fillBigBoard(doc, LIMIT_BOARD);
const live = new LiveSnapshot(doc, internal);
for (const t of live.sources()) t.observeDeep((e) => live.changed(e));
live.snapshot();

/** Median and spread of `runs` timings of `f` (after one warm-up). */
function time(f: (i: number) => void, runs = 25): { p50: number; min: number; max: number } {
	f(-1);
	const xs: number[] = [];
	for (let i = 0; i < runs; i++) {
		const a = performance.now();
		f(i);
		xs.push(performance.now() - a);
	}
	xs.sort((a, b) => a - b);
	return { p50: xs[Math.floor(runs / 2)], min: xs[0], max: xs[runs - 1] };
}

const text = (doc.getMap('goals').get(targets[1]) as Y.Map<unknown>).get('text') as Y.Text;
const keystroke = () => text.insert(0, 'x');
const cell = (i: number) => doc.getMap('matrix').set(`${clients[3]}|${targets[2]}`, { priority: (i + 4) % 4, validated: false, note: '', setBy: null, setAt: i + 10, sessionId: null });
const fmt = (r: { p50: number; min: number; max: number }) => `${r.p50.toFixed(2)} ms (${r.min.toFixed(2)}–${r.max.toFixed(2)})`;

console.log(`board: ${targets.length} goals and CSFs × ${clients.length} client stakeholders, ${(Y.encodeStateAsUpdate(doc).byteLength / 1e6).toFixed(2)} MB; load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
console.log(`goal keystroke, full re-read:   ${fmt(time(() => (keystroke(), toSnapshot(doc, internal))))}`);
console.log(`goal keystroke, live snapshot:  ${fmt(time(() => (keystroke(), live.snapshot())))}`);
console.log(`matrix cell, full re-read:      ${fmt(time((i) => (cell(i), toSnapshot(doc, internal))))}`);
console.log(`matrix cell, live snapshot:     ${fmt(time((i) => (cell(i), live.snapshot())))}`);
const snap = live.snapshot();
console.log(`convergence (one pass):         ${fmt(time(() => computeConvergence(snap)))}`);
console.log(`alignment after a keystroke:    ${fmt(time(() => (keystroke(), computeAlignment(live.snapshot()))))}`);
console.log(`alignment after a cell change:  ${fmt(time((i) => (cell(i), computeAlignment(live.snapshot())), 5))}`);
const help = computeWhereToHelp(snap);
const plot = plotFor(1000, help.points.length);
console.log(`where to help (one pass):       ${fmt(time(() => computeWhereToHelp(live.snapshot())))}`);
console.log(`where-to-help chart layout:     ${fmt(time(() => layoutHelpChart(help.points, help.threshold, plot), 5))}`);
