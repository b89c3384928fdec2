// The report as Markdown, for pasting into an email or a CRM note. Pure. Everything a person typed
// is escaped (no link, emphasis, heading or HTML can come from board text) and kept on one line.
import { computeConvergence } from '../views/convergence.ts';
import { computeAlignment } from '../views/alignment.ts';
import { computePositioning } from '../views/positioning.ts';
import { computeWhereToHelp, QUADRANTS, QUADRANT_LABELS } from '../views/whereToHelp.ts';
import { numberTargets } from '../views/numbering.ts';
import { minutesOf, overrunLabel } from '../views/sessionSummary.ts';
import { LEVEL_LABELS, STATUS_LABELS } from '../model/vocabulary.ts';
import { SIDE_LABELS } from '../model/roles.ts';
import { PRIORITY_LABELS } from './tables.ts';
import { VERSION_LABELS, type ReportData } from './types.ts';
import { TOUCH_POINT_HEADER, touchPointRows } from './touchPoints.ts';

/** Board text as inert Markdown: one line, every character Markdown or HTML reads as syntax escaped. */
export function mdText(s: string): string {
	return s
		.replace(/\s+/g, ' ')
		.trim()
		.replace(/[\\`*_[\]<>|~&]/g, (c) => `\\${c}`);
}

const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)}%`);
/** Dates in UTC, so the same board gives the same text wherever the server runs. */
export const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const isoMinute = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

export function reportMarkdown(data: ReportData): string {
	const s = data.snapshot;
	const numbers = numberTargets(s.targets);
	const out: string[] = [];
	const line = (t = '') => out.push(t);

	line(`# ${mdText(data.board.name)}`);
	line();
	line(`${mdText(data.board.accountName)} · ${data.comparison ? 'comparison' : 'board'} report, ${VERSION_LABELS[data.version]} · ${isoMinute(data.generatedAt)}`);

	if (data.comparison) {
		const c = data.comparison;
		const r = c.result;
		line();
		line(`## Compared: ${mdText(c.a.label)} → ${mdText(c.b.label)}`);
		line();
		line(`- Converging goals and CSFs: ${r.before.converged} of ${r.before.targets} → ${r.after.converged} of ${r.after.targets}`);
		line(`- Board alignment: ${pct(r.before.alignment)} → ${pct(r.after.alignment)}`);
		if (r.before.positioning && r.after.positioning) {
			const p = (x: NonNullable<typeof r.before.positioning>) => `high ${x.high ? LEVEL_LABELS[x.high] : 'none'}, wide ${pct(x.wide)}, deep ${x.deep.toFixed(1)}`;
			line(`- Our positioning: ${p(r.before.positioning)} → ${p(r.after.positioning)}`);
		}
		for (const t of r.targets.added) line(`- Added: ${mdText(t.text)}`);
		for (const t of r.targets.dropped) line(`- Dropped: ${mdText(t.text)}`);
		for (const t of r.targets.renamed) line(`- Renamed: ${mdText(t.before)} → ${mdText(t.text)}`);
		for (const t of r.startedConverging) line(`- Now converges: ${mdText(t.text)}`);
		for (const t of r.stoppedConverging) line(`- No longer converges: ${mdText(t.text)}`);
		if (r.priorityShifts.length) {
			line();
			line('### Priority shifts');
			line();
			const label = (p: number | null) => (p === null ? 'unset' : `${p} ${PRIORITY_LABELS[p as 0 | 1 | 2 | 3]}`);
			for (const st of r.priorityShifts) {
				for (const sh of st.shifts) line(`- ${mdText(st.name)}, ${mdText(sh.text)}: ${label(sh.before)} → ${label(sh.after)}`);
			}
		}
		if (r.actions.done.length || r.actions.dropped.length || r.actions.overdue.length) {
			line();
			line('### Actions');
			line();
			for (const a of r.actions.done) line(`- Done: ${mdText(a.text)}`);
			for (const a of r.actions.dropped) line(`- Dropped: ${mdText(a.text)}`);
			for (const a of r.actions.overdue) line(`- Overdue: ${mdText(a.text)}${a.due ? ` (due ${a.due})` : ''}`);
		}
	}

	const conv = computeConvergence(s);
	line();
	line('## Shared priorities');
	line();
	if (conv.ranked.length === 0) line('No goals or CSFs yet.');
	for (const t of conv.ranked) line(`- ${numbers.get(t.targetId) ?? ''} ${mdText(t.text)}: shared ${pct(t.shared)}, known ${pct(t.known)}${t.converges ? ' — converges' : ''}`);
	line();
	line(`${conv.convergedCount} of ${conv.targets.length} converge (threshold ${pct(conv.threshold)}); board alignment ${pct(computeAlignment(s).board)}.`);

	if (data.version === 'internal') {
		const pos = computePositioning(s);
		line();
		line('## Our positioning (internal)');
		line();
		line(`- High: ${pos.high ? LEVEL_LABELS[pos.high] : 'none'}`);
		line(`- Wide: ${pct(pos.wide)}`);
		line(`- Deep: ${pos.deep.toFixed(1)}`);
		line(`- Sponsor coverage: ${pct(pos.sponsorCoverage)}`);
		const help = computeWhereToHelp(s);
		line();
		line('## Where to help (internal)');
		for (const q of QUADRANTS) {
			const pts = help.points.filter((p) => p.quadrant === q);
			if (!pts.length) continue;
			line();
			line(`### ${QUADRANT_LABELS[q]}`);
			line();
			for (const p of pts) line(`- ${numbers.get(p.targetId) ?? ''} ${mdText(p.text)}: shared ${pct(p.x)}, ability ${p.abilityKnown ? p.y : 'not set'}`);
		}
		line();
		line('## Touch points (internal)');
		line();
		if (data.touchPoints.length === 0) line('No touch points planned.');
		for (const r of touchPointRows(data.touchPoints)) {
			const [who, ...rest] = r.cells;
			line(`- ${r.overdue ? '**Overdue:** ' : ''}${mdText(who)} — ${rest.map((c, i) => `${TOUCH_POINT_HEADER[i + 1].toLowerCase()} ${mdText(c)}`).join(', ')}`);
		}
	}

	line();
	line('## Initiatives and actions');
	line();
	if (data.initiatives.length === 0) line('No initiatives yet.');
	for (const i of data.initiatives) {
		line(`### ${mdText(i.title) || '(untitled)'}${i.targets.length ? ` (for ${i.targets.join(', ')})` : ''}`);
		line();
		if (i.actions.length === 0) line('No actions.');
		for (const a of i.actions) {
			const bits = [STATUS_LABELS[a.status], a.owner ? `owner ${mdText(a.owner)}` : 'no owner', a.due ? `due ${a.due}` : null, a.overdue ? 'overdue' : null].filter(Boolean);
			line(`- [${a.status === 'done' ? 'x' : ' '}] ${mdText(a.text) || '(untitled)'} — ${bits.join(', ')}`);
		}
		line();
	}

	line('## Decisions');
	line();
	if (data.decisions.length === 0) line('No decisions recorded.');
	for (const d of data.decisions) {
		const who = d.deciders.map((p) => `${mdText(p.name)} (${SIDE_LABELS[p.side].toLowerCase()})`).join(', ');
		line(`- ${mdText(d.text)} — ${isoDay(d.decidedAt)}${who ? `, decided by ${who}` : ''}`);
	}

	if (data.summary) {
		const sum = data.summary;
		line();
		line(`## Session summary (saved ${isoMinute(sum.createdAt)} by ${mdText(sum.createdByName)})`);
		line();
		for (const st of sum.steps) line(`- ${mdText(st.title)}: planned ${st.plannedMin} min, ${st.ran ? `actual ${minutesOf(st.actualMs)} min (${overrunLabel(st.overrunMs)})` : 'not run'}`);
		line(`- Total: planned ${sum.totals.plannedMin} min, actual ${minutesOf(sum.totals.actualMs)} min`);
		line(`- Decisions: ${sum.decisions.length}; actions created: ${sum.actions.length}; parked and still open: ${sum.parkingLot.open.length}`);
		const t = sum.contributions.total;
		line(`- Contributions: client side ${t.client}, supplier side ${t.supplier}`);
	}
	return out.join('\n') + '\n';
}
