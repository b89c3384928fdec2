import type { Browser, BrowserContext } from '@playwright/test';
import { addGoal } from '../../src/lib/board/doc/goals.ts';
import { addStakeholder } from '../../src/lib/board/doc/stakeholders.ts';
import { setPriority, toggleValidated } from '../../src/lib/board/doc/matrix.ts';
import { setAbility, setRelationship, setSponsor } from '../../src/lib/board/doc/internal.ts';
import { addInitiative } from '../../src/lib/board/doc/initiatives.ts';
import { SESSION_COOKIE } from '../../src/lib/server/auth/session.ts';
import { World, type SeededBoard } from '../integration/helpers/seed.ts';
import { editDoc } from '../integration/helpers/cast.ts';
import type { Priority } from '../../src/lib/board/views/index.ts';

/**
 * A board as a real workshop fills it, written straight into the server's database before anyone
 * opens it: long goal texts (the matrix headers), long sponsor names (the iPad sponsor column),
 * every priority including "0 not a priority", and a crowd of points at one spot of the where-to-help
 * chart (labels that used to vanish). Used by the accessibility and layout tests.
 */
export const GOALS = [
	{ id: 'g1', text: 'Cut time to market for new product lines by 30%', csfs: ['Joint stage-gate reviews with the client engineering team', 'Shared test rigs'] },
	{ id: 'g2', text: 'Reduce cost to serve across all European plants', csfs: ['Fewer expedited shipments', 'Shared demand forecast'] },
	{ id: 'g3', text: 'Zero-defect deliveries to the assembly lines', csfs: ['Supplier quality audits'] },
	{ id: 'g4', text: 'Grow the aftermarket service business', csfs: [] }
];

export const CLIENTS = [
	{ id: 'c1', name: 'Anastasia Papadopoulou-Whitfield', title: 'Chief Operating Officer', level: 'executive', function: 'operations' },
	{ id: 'c2', name: 'Benedikt Schwarzenberger', title: 'Senior Vice President R&D', level: 'senior', function: 'R&D' },
	{ id: 'c3', name: 'Cleo Marchetti', title: 'Purchasing director', level: 'senior', function: 'purchasing' },
	{ id: 'c4', name: 'Dev Raman', title: 'Plant manager', level: 'manager', function: 'operations' }
] as const;

export const SPONSOR = { id: 's1', name: 'Maximilian Oppenheimer-Castellano', title: 'Global account director' };

export interface WorkshopBoard {
	world: World;
	board: SeededBoard;
	origin: string;
}

export function seedWorkshopBoard(dbPath: string, origin: string): WorkshopBoard {
	const world = new World(dbPath);
	const board = world.addBoard();
	const author = { id: world.userId('facilitator'), name: 'facilitator' };
	const stamp = { by: author, sessionId: 'seed', now: 1 };
	const targets: string[] = [];
	editDoc(world.db, board.boardId, 'shared', (doc) => {
		for (const g of GOALS) {
			addGoal(doc, { id: g.id, text: g.text, author });
			targets.push(g.id);
			g.csfs.forEach((text, i) => {
				const id = `${g.id}-c${i + 1}`;
				addGoal(doc, { id, text, author, kind: 'csf', parentId: g.id });
				targets.push(id);
			});
		}
		for (const c of CLIENTS) addStakeholder(doc, c.id, { name: c.name, title: c.title, side: 'client', level: c.level, function: c.function });
		addStakeholder(doc, SPONSOR.id, { name: SPONSOR.name, title: SPONSOR.title, side: 'supplier', level: 'executive', function: 'sales' });
		// Every priority, "0 not a priority" included; the last two targets stay unset for everyone.
		const scores: Priority[][] = [
			[3, 2, 0, 3, 1, 0, 2],
			[3, 3, 1, 2, 0, 1, 0],
			[2, 0, 3, 3, 2, 1, 0],
			[1, 2, 0, 3, 3, 0, 1]
		];
		CLIENTS.forEach((c, i) => scores[i].forEach((p, j) => setPriority(doc, c.id, targets[j], p, stamp)));
		toggleValidated(doc, 'c1', targets[0], stamp);
		addInitiative(doc, { id: 'i1', title: 'Predictive maintenance pilot', author, targetIds: [targets[0], targets[3]] });
	});
	editDoc(world.db, board.boardId, 'internal', (doc) => {
		CLIENTS.forEach((c, i) => {
			setRelationship(doc, c.id, ((i + 1) % 4) as 0 | 1 | 2 | 3);
			setSponsor(doc, c.id, SPONSOR.id);
		});
		// Most targets keep ability 0 and no score: a crowd at the chart's origin.
		setAbility(doc, targets[0], 3);
		setAbility(doc, targets[3], 1);
	});
	return { world, board, origin };
}

export type Person = 'facilitator' | 'participant' | 'observer' | 'clientGuest';
export const PEOPLE: Person[] = ['facilitator', 'participant', 'observer', 'clientGuest'];

/** A browser context signed in as one person of the seeded board. */
export async function contextFor(browser: Browser, w: WorkshopBoard, who: Person, viewport = { width: 1440, height: 900 }): Promise<BrowserContext> {
	const context = await browser.newContext({ viewport });
	const url = new URL(w.origin);
	await context.addCookies([{ name: SESSION_COOKIE, value: w.board.tokens[who], domain: url.hostname, path: '/', httpOnly: true, sameSite: 'Lax' }]);
	return context;
}
