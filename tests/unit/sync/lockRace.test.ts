import { describe, expect, it } from 'vitest';
import { LOCK_RACE_MS, LockRace } from '../../../server/sync/lockRace.ts';

// Who may still have an edit in flight that crossed a lock change: connections that were open at
// the change and have not answered the step 1 sent after it, for at most LOCK_RACE_MS.

const before = { goals: { by: { id: 'u-f', name: 'Sam' }, at: 1 } };

describe('lock race', () => {
	it('a connection open at the change is unconfirmed until it answers the step 1 sent behind the change', () => {
		let now = 1_000;
		const race = new LockRace<string>(() => now);
		race.sentStep1('a'); // the greeting
		race.changed(before, ['a', 'author'], 'author');
		expect(race.unconfirmed(['a'])).toBe(true);
		expect(race.unconfirmed(['author'])).toBe(false);
		expect(race.locksBefore).toBe(before);
		// Its answer to the greeting is not an answer to the confirmation request.
		race.askedToConfirm('a');
		race.answeredStep1('a');
		expect(race.unconfirmed(['a'])).toBe(true);
		race.answeredStep1('a');
		expect(race.unconfirmed(['a'])).toBe(false);
		now += 1;
		expect(race.unconfirmed(['a'])).toBe(false);
	});

	it('a connection that opens after the change gets no allowance, and none outlasts the cap', () => {
		let now = 0;
		const race = new LockRace<string>(() => now);
		race.changed(before, ['a'], null);
		expect(race.unconfirmed(['late'])).toBe(false);
		expect(race.unconfirmed(['late', 'a'])).toBe(true);
		now = LOCK_RACE_MS - 1;
		expect(race.unconfirmed(['a'])).toBe(true);
		now = LOCK_RACE_MS;
		expect(race.unconfirmed(['a'])).toBe(false);
	});

	it('a connection that left is forgotten', () => {
		const race = new LockRace<string>(() => 0);
		race.changed(before, ['a'], null);
		race.forget('a');
		expect(race.unconfirmed(['a'])).toBe(false);
	});
});
