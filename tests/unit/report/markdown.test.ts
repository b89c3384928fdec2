import { describe, expect, it } from 'vitest';
import { mdText, reportMarkdown } from '../../../src/lib/board/report/markdown.ts';
import { reportData } from './reportData.ts';

// The Markdown summary of the hand-built board (reportData.ts), written out by hand.

describe('reportMarkdown', () => {
	it('client-safe: shared priorities ranked, the plan, the decisions; nothing internal', () => {
		expect(reportMarkdown(reportData('client'))).toBe(
			[
				'# Acme \\[Q4\\] plan',
				'',
				'Acme · board report, client-safe · 2026-12-01 09:30 UTC',
				'',
				'## Shared priorities',
				'',
				'- G1 Grow =revenue: shared 75%, known 100% — converges',
				'- G1.1 Win \\*two\\* distributors: shared 75%, known 75% — converges',
				'- G2 Cut cost: shared 25%, known 100%',
				'',
				// Alignment of Cleo and Dan over G1 and G2 (both set): 1 − (|3−1| + |0−3|)/2/3 = 1 − 5/6 → 17%.
				'2 of 3 converge (threshold 50%); board alignment 17%.',
				'',
				'## Initiatives and actions',
				'',
				'### Distributors (for G1, G1.1)',
				'',
				'- [ ] Shortlist — Open, owner Sam, due 2026-11-15, overdue',
				'- [x] +Term sheet — Done, no owner',
				'',
				'## Decisions',
				'',
				'- Germany first — 2026-11-02, decided by Cleo (client)',
				''
			].join('\n')
		);
	});

	it('internal: adds positioning and where to help by quadrant', () => {
		const md = reportMarkdown(reportData('internal'));
		// High: Cleo (executive) is trusted. Wide: Management covered, Operations not (Dan only aware) → 50%.
		// Deep: 1 engaged person in the one covered function. Sponsor coverage: Cleo (the only executive/senior) → 100%.
		expect(md).toContain(['## Our positioning (internal)', '', '- High: Executive', '- Wide: 50%', '- Deep: 1.0', '- Sponsor coverage: 100%'].join('\n'));
		// G1 converges, ability 3 → help now; G1.1 converges, ability unset → build or partner; G2 does not, ability 1 → park.
		expect(md).toContain('### Help now\n\n- G1 Grow =revenue: shared 75%, ability 3');
		expect(md).toContain('### Build or partner\n\n- G1.1 Win \\*two\\* distributors: shared 75%, ability not set');
		expect(md).toContain('### Park\n\n- G2 Cut cost: shared 25%, ability 1');
		expect(reportMarkdown(reportData('client'))).not.toContain('(internal)');
	});

	it('board text cannot become a link, emphasis, HTML or a new line', () => {
		expect(mdText('[click](javascript:alert(1)) <b>x</b> *y*\n# z')).toBe('\\[click\\](javascript:alert(1)) \\<b\\>x\\</b\\> \\*y\\* # z');
	});
});
