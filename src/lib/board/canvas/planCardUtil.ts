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

	getIndicatorPath(shape: PlanCardShape) {
		const p = new Path2D();
		p.rect(0, 0, shape.props.w, shape.props.h);
		return p;
	}
}
