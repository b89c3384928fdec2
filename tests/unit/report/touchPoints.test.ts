import { describe, expect, it } from 'vitest';
import { TOUCH_POINT_HEADER, touchPointRows } from '../../../src/lib/board/report/touchPoints.ts';
import { reportMarkdown } from '../../../src/lib/board/report/markdown.ts';
import { reportData } from './reportData.ts';

// The internal report's "Touch points" section (issue #13): one row per touch point, overdue
// flagged, and only in the internal version.

describe('touch points in the report', () => {
	it('rows: stakeholder, owner, channel, purpose, cadence, due, function, status; overdue flagged', () => {
		expect(TOUCH_POINT_HEADER).toEqual(['Stakeholder', 'Owner', 'Channel', 'Purpose', 'Cadence', 'Due', 'Function', 'Status']);
		expect(touchPointRows(reportData('internal').touchPoints)).toEqual([
			{ id: 't1', cells: ['Cleo', 'Sam', 'In person', 'Quarterly *review*', 'Quarterly', '2026-11-20', 'Sales', 'Planned, overdue'], overdue: true },
			{ id: 't2', cells: ['Dan', '—', 'Email', '(no purpose)', 'Once', '—', 'Marketing', 'Done'], overdue: false }
		]);
	});

	it('the internal Markdown has the section, escaped; the client-safe one has none', () => {
		const md = reportMarkdown(reportData('internal'));
		expect(md).toContain(
			[
				'## Touch points (internal)',
				'',
				'- **Overdue:** Cleo — owner Sam, channel In person, purpose Quarterly \\*review\\*, cadence Quarterly, due 2026-11-20, function Sales, status Planned, overdue',
				'- Dan — owner —, channel Email, purpose (no purpose), cadence Once, due —, function Marketing, status Done'
			].join('\n')
		);
		expect(reportMarkdown(reportData('client'))).not.toContain('Touch points');
		// Even data that wrongly carried touch points would not print them in the client-safe version.
		expect(reportMarkdown({ ...reportData('client'), touchPoints: reportData('internal').touchPoints })).not.toContain('Cleo — owner');
	});
});
