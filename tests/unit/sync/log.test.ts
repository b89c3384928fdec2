import { describe, expect, it } from 'vitest';
import { MalformedFrames, type LogLevel } from '../../../server/sync/log.ts';
import { fakeClock } from './helpers.ts';

function sink() {
	const lines: { level: LogLevel; message: string }[] = [];
	return { lines, log: (level: LogLevel, message: string) => void lines.push({ level, message }) };
}

describe('malformed frame summary', () => {
	it('logs the first bad frame with its reason, then one summary per person and room per interval', () => {
		const clock = fakeClock();
		const { lines, log } = sink();
		const frames = new MalformedFrames(log, { intervalMs: 60_000, now: clock.now });
		for (let i = 0; i < 4000; i++) frames.report('guest:g1', 'b1/shared', `malformed update ${i}`);
		expect(lines).toEqual([{ level: 'warn', message: 'malformed frame from guest:g1 on b1/shared: malformed update 0' }]);
		frames.flush();
		expect(lines).toHaveLength(1);
		clock.advance(60_000);
		frames.flush();
		expect(lines).toHaveLength(2);
		expect(lines[1]).toEqual({ level: 'warn', message: '3999 malformed frames from guest:g1 on b1/shared in the last 60 s (last: malformed update 3999)' });
		clock.advance(60_000);
		frames.flush();
		expect(lines).toHaveLength(2);
	});

	it('a report after the interval writes its summary at once; a quiet key starts over', () => {
		const clock = fakeClock();
		const { lines, log } = sink();
		const frames = new MalformedFrames(log, { intervalMs: 1000, now: clock.now });
		frames.report('user:a', 'r', 'x');
		frames.report('user:a', 'r', 'y');
		clock.advance(1000);
		frames.report('user:a', 'r', 'z');
		expect(lines.map((l) => l.message)).toEqual(['malformed frame from user:a on r: x', '2 malformed frames from user:a on r in the last 1 s (last: z)']);
		clock.advance(1000);
		frames.flush(); // nothing new: forgotten
		clock.advance(1000);
		frames.report('user:a', 'r', 'again');
		expect(lines.at(-1)!.message).toBe('malformed frame from user:a on r: again');
	});

	it('keeps people and rooms apart, and flush(true) writes every pending count (shutdown)', () => {
		const clock = fakeClock();
		const { lines, log } = sink();
		const frames = new MalformedFrames(log, { intervalMs: 60_000, now: clock.now });
		for (const who of ['user:a', 'user:b']) for (let i = 0; i < 3; i++) frames.report(who, 'r', 'bad');
		frames.report('user:a', 'other', 'bad');
		expect(lines).toHaveLength(3);
		frames.flush(true);
		expect(lines.slice(3).map((l) => l.message).sort()).toEqual([
			'2 malformed frames from user:a on r in the last 0 s (last: bad)',
			'2 malformed frames from user:b on r in the last 0 s (last: bad)'
		]);
	});

	it('passes the level and error of the first frame on', () => {
		const got: unknown[] = [];
		const frames = new MalformedFrames((level, message, err) => void got.push([level, message, err]), { intervalMs: 1000, now: () => 0 });
		const err = new Error('boom');
		frames.report('user:a', 'r', 'failed', 'error', err);
		expect(got).toEqual([['error', 'malformed frame from user:a on r: failed', err]]);
	});
});
