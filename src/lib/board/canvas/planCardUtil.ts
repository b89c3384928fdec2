// The plan card's drawing (React, in the canvas chunk only): a live view of one structured item,
// read from the open canvas's PlanStore (planStore.ts) — the shape itself holds only the reference.
import './planCard.css';
import { createElement as h, useSyncExternalStore } from 'react';
import { HTMLContainer, Rectangle2d, ShapeUtil, resizeBox, type TLResizeInfo, type TLShape } from 'tldraw';
import { customShapeSchemas } from './customShapes.ts';
import { PLAN_CARD_SIZE, PLAN_CARD_TYPE, cardSummary, type PlanCardData, type PlanCardProps } from './planCard.ts';
import { activePlanStore } from './planStore.ts';

declare module '@tldraw/tlschema' {
	interface TLGlobalShapePropsMap {
		[PLAN_CARD_TYPE]: PlanCardProps;
	}
}

type PlanCardShape = TLShape<typeof PLAN_CARD_TYPE>;

const noStore = () => () => {};
const DELETED_TEXT: Record<PlanCardProps['kind'], string> = {
	goal: 'This goal was deleted.',
	csf: 'This CSF was deleted.',
	initiative: 'This initiative was deleted.',
	parked: 'This parking-lot item was deleted.',
	action: 'This action was deleted.'
};

function usePlanCard(kind: PlanCardProps['kind'], itemId: string): PlanCardData | null {
	const store = activePlanStore();
	useSyncExternalStore(store ? (f) => store.subscribe(f) : noStore, () => store?.version ?? -1);
	return store ? store.index().get(kind, itemId) : null;
}

function PlanCard({ shape }: { shape: PlanCardShape }) {
	const { kind, itemId, w, h: height } = shape.props;
	const data = usePlanCard(kind, itemId);
	const cls = `tandem-plan-card tandem-plan-card--${kind}${data?.state === 'deleted' ? ' is-deleted' : ''}`;
	const children = [];
	if (!data) children.push(h('p', { key: 'l', className: 'tandem-plan-card__text' }, 'Loading…'));
	else {
		children.push(h('p', { key: 'k', className: 'tandem-plan-card__kind' }, data.label));
		if (data.state === 'deleted') children.push(h('p', { key: 't', className: 'tandem-plan-card__text' }, DELETED_TEXT[kind]));
		else {
			children.push(h('p', { key: 't', className: 'tandem-plan-card__text' }, data.text || '(no text)'));
			if (data.context) children.push(h('p', { key: 'c', className: 'tandem-plan-card__context' }, data.kind === 'csf' ? `Goal: ${data.context}` : data.context));
			const c = data.convergence;
			if (c && !c.noClients) {
				children.push(
					h(
						'div',
						{ key: 'v', className: `tandem-plan-card__conv${c.converges ? ' converges' : ''}`, title: `Shared by ${Math.round(c.shared * 100)}% of the client side (threshold ${Math.round(c.threshold * 100)}%)` },
						h('span', { className: 'tandem-plan-card__bar' }, h('span', { style: { width: `${Math.round(c.shared * 100)}%` } })),
						h('span', null, `${Math.round(c.shared * 100)}%`)
					)
				);
			}
			if (data.status) children.push(h('p', { key: 's', className: 'tandem-plan-card__status' }, data.status));
		}
	}
	return h(
		HTMLContainer,
		{ className: cls, style: { width: w, height } },
		h('div', { className: 'tandem-plan-card__body', role: 'group', 'aria-label': data ? cardSummary(data) : 'Plan card', 'data-testid': 'plan-card', 'data-kind': kind, 'data-item': itemId, 'data-state': data?.state ?? 'loading' }, ...children)
	);
}

const BORDER: Record<PlanCardProps['kind'], string> = { goal: '#3b5bdb', csf: '#0c8599', initiative: '#7048e8', parked: '#e67700', action: '#2b8a3e' };

/** Words into lines of at most `chars` characters (an estimate of the card's width), at most `max` lines. */
function wrap(text: string, chars: number, max: number): string[] {
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(/\s+/).filter(Boolean)) {
		const next = line ? `${line} ${word}` : word;
		if (next.length <= chars || !line) line = next;
		else {
			lines.push(line);
			line = word;
		}
	}
	if (line) lines.push(line);
	if (lines.length > max) {
		lines.length = max;
		lines[max - 1] = `${lines[max - 1]!.slice(0, chars - 1)}…`;
	}
	return lines;
}

/**
 * The card as SVG for tldraw's export (SVG, PNG, copy as SVG): the same text and colours as the
 * HTML card, drawn with <rect> and <text>, so any SVG viewer shows it (an HTML snapshot in a
 * foreignObject, tldraw's fallback, shows in browsers only).
 */
function planCardSvg(shape: PlanCardShape) {
	const { kind, itemId, w, h: height } = shape.props;
	const data = activePlanStore()?.index().get(kind, itemId) ?? null;
	const deleted = data?.state === 'deleted';
	const chars = Math.max(8, Math.floor((w - 28) / 8));
	const rows: { text: string; size: number; weight: number; color: string }[] = [];
	rows.push({ text: (data?.label ?? 'Plan card').toUpperCase(), size: 11, weight: 700, color: '#495057' });
	const main = !data ? 'Loading…' : deleted ? DELETED_TEXT[kind] : data.text || '(no text)';
	for (const line of wrap(main, chars, 3)) rows.push({ text: line, size: 14, weight: 600, color: deleted ? '#495057' : '#1a1a1a' });
	if (data && !deleted) {
		if (data.context) rows.push({ text: wrap(data.kind === 'csf' ? `Goal: ${data.context}` : data.context, chars + 2, 1)[0] ?? '', size: 12, weight: 400, color: '#495057' });
		const c = data.convergence;
		if (c && !c.noClients) rows.push({ text: `${Math.round(c.shared * 100)}% shared by the client side`, size: 12, weight: 400, color: '#495057' });
		if (data.status) rows.push({ text: data.status, size: 12, weight: 400, color: '#495057' });
	}
	let y = 10;
	const texts = rows.map((r, i) => {
		y += r.size * 1.3;
		return y > height - 6 ? null : h('text', { key: i, x: 16, y: y - r.size * 0.3, fontSize: r.size, fontWeight: r.weight, fill: r.color, fontFamily: 'system-ui, sans-serif' }, r.text);
	});
	const stroke = deleted ? '#868e96' : BORDER[kind];
	return h(
		'g',
		null,
		h('rect', { x: 1, y: 1, width: w - 2, height: height - 2, rx: 8, fill: deleted ? '#f1f3f5' : '#fff', stroke, strokeWidth: 2, strokeDasharray: deleted ? '6 4' : undefined }),
		h('rect', { x: 0, y: 0, width: 8, height, rx: 4, fill: stroke }),
		...texts
	);
}

export class PlanCardUtil extends ShapeUtil<PlanCardShape> {
	static override type = PLAN_CARD_TYPE;
	static override props = customShapeSchemas[PLAN_CARD_TYPE]!.props as never;
	static override migrations = customShapeSchemas[PLAN_CARD_TYPE]!.migrations as never;

	getDefaultProps(): PlanCardProps {
		return { kind: 'goal', itemId: 'none', ...PLAN_CARD_SIZE };
	}

	getGeometry(shape: PlanCardShape) {
		return new Rectangle2d({ width: shape.props.w, height: shape.props.h, isFilled: true });
	}

	override canResize = () => true;
	override canEdit = () => false;
	override onResize(shape: PlanCardShape, info: TLResizeInfo<PlanCardShape>) {
		return resizeBox(shape, info, { minWidth: 120, minHeight: 80 });
	}

	component(shape: PlanCardShape) {
		return h(PlanCard, { shape });
	}

	override toSvg(shape: PlanCardShape) {
		return planCardSvg(shape);
	}

	getIndicatorPath(shape: PlanCardShape) {
		const p = new Path2D();
		p.rect(0, 0, shape.props.w, shape.props.h);
		return p;
	}
}
