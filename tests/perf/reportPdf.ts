// How long a PDF report of a full board takes to render (Chromium, from the job's own timing) and
// the longest round trip a live client sees meanwhile. A full board: 30 client executives × 40 goals
// and CSFs, every cell set, 20 initiatives × 5 actions, 20 decisions, a saved summary, internal data.
// Run: npm run build && node tests/perf/reportPdf.ts   (not part of npm test: the figure depends on the machine)
import { ServerProcess } from '../integration/helpers/server.ts';
import { World, cookieOf } from '../integration/helpers/seed.ts';
import { editDoc } from '../integration/helpers/cast.ts';
import { addGoal } from '../../src/lib/board/doc/goals.ts';
import { addStakeholder } from '../../src/lib/board/doc/stakeholders.ts';
import { setNote, setPriority } from '../../src/lib/board/doc/matrix.ts';
import { addInitiative } from '../../src/lib/board/doc/initiatives.ts';
import { addAction } from '../../src/lib/board/doc/actions.ts';
import { addDecision } from '../../src/lib/board/doc/decisions.ts';
import { saveSummary } from '../../src/lib/board/doc/summaries.ts';
import { setAbility, setRelationNotes, setRelationship } from '../../src/lib/board/doc/internal.ts';
import type { Priority } from '../../src/lib/board/views/types.ts';

const RUNS = Number(process.argv[2] ?? 3);
const server = new ServerProcess();
await server.start();
const world = new World(server.dbPath);
const b = world.addBoard();
const ann = { id: 'u', name: 'Ann' };
const stamp = { by: ann, sessionId: 's', now: 1 };
const targets: string[] = [];
editDoc(world.db, b.boardId, 'shared', (d) => {
	for (let g = 0; g < 10; g++) {
		addGoal(d, { id: `g${g}`, text: `Goal ${g}: grow the business in region ${g} with a longer description`, author: ann });
		targets.push(`g${g}`);
		for (let c = 0; c < 3; c++) {
			addGoal(d, { id: `g${g}c${c}`, text: `Critical success factor ${c} of goal ${g}`, author: ann, kind: 'csf', parentId: `g${g}` });
			targets.push(`g${g}c${c}`);
		}
	}
	for (let s = 0; s < 30; s++) addStakeholder(d, `s${s}`, { name: `Client person ${s}`, title: 'Executive', side: 'client', level: s % 3 === 0 ? 'executive' : s % 3 === 1 ? 'senior' : 'manager', function: `fn${s % 6}` });
	for (let s = 0; s < 30; s++) targets.forEach((t, i) => setPriority(d, `s${s}`, t, ((s + i) % 4) as Priority, stamp));
	for (let s = 0; s < 30; s += 3) setNote(d, `s${s}`, targets[0], 'A note about this priority', stamp);
	for (let i = 0; i < 20; i++) {
		addInitiative(d, { id: `i${i}`, title: `Initiative ${i}`, author: ann, targetIds: [targets[i], targets[i + 1]] });
		for (let a = 0; a < 5; a++) addAction(d, { id: `i${i}a${a}`, initiativeId: `i${i}`, text: `Action ${a} of initiative ${i}`, author: ann, due: '2026-12-20' });
	}
	for (let i = 0; i < 20; i++) addDecision(d, { id: `d${i}`, text: `Decision ${i}`, author: ann });
	saveSummary(d, { id: 'sum', by: ann, sides: {}, now: Date.now() });
});
editDoc(world.db, b.boardId, 'internal', (d) => {
	for (let s = 0; s < 30; s++) {
		setRelationship(d, `s${s}`, (s % 4) as 0 | 1 | 2 | 3);
		setRelationNotes(d, `s${s}`, `Private note on client person ${s}`);
	}
	targets.forEach((t, i) => setAbility(d, t, (i % 4) as 0 | 1 | 2 | 3));
});
const headers = { cookie: cookieOf(b.tokens.facilitator), origin: server.origin, accept: 'application/json' };
const times: number[] = [];
for (let r = 0; r < RUNS; r++) {
	const started = performance.now();
	const res = await fetch(`${server.origin}/boards/${b.boardId}/report/pdf?version=internal`, { method: 'POST', headers });
	const { status } = (await res.json()) as { status: string };
	for (;;) {
		const s = (await (await fetch(server.origin + status, { headers })).json()) as { state: string; renderMs: number; bytes: number; error: string };
		if (s.state === 'failed') throw new Error(s.error);
		if (s.state === 'done') {
			times.push(s.renderMs);
			console.log(`run ${r + 1}: render ${Math.round(s.renderMs)} ms (request to ready ${Math.round(performance.now() - started)} ms), ${Math.round(s.bytes / 1024)} KB`);
			break;
		}
		await new Promise((f) => setTimeout(f, 100));
	}
}
console.log(`PDF render of a full board, ${RUNS} runs: ${Math.round(Math.min(...times))}–${Math.round(Math.max(...times))} ms`);
world.close();
await server.dispose();
