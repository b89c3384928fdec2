// The engagement plan's words (issue #13): how a client stakeholder wants to be engaged, the touch
// points the supplier side plans, and the rules the coverage view applies. Shared by the documents,
// the views, the server's schema check and the interface.

/** How a client stakeholder prefers to be reached. */
export const CHANNELS = ['in-person', 'call', 'email', 'briefing', 'event', 'community'] as const;
export type Channel = (typeof CHANNELS)[number];
export const CHANNEL_LABELS: Readonly<Record<Channel, string>> = {
	'in-person': 'In person',
	call: 'Call',
	email: 'Email',
	briefing: 'Briefings',
	event: 'Events',
	community: 'Online communities'
};
export const isChannel = (v: unknown): v is Channel => (CHANNELS as readonly unknown[]).includes(v);

/** Which function owns a touch point: the research's cure is dividing them deliberately. */
export const OWNING_FUNCTIONS = ['marketing', 'sales'] as const;
export type OwningFunction = (typeof OWNING_FUNCTIONS)[number];
export const OWNING_FUNCTION_LABELS: Readonly<Record<OwningFunction, string>> = { marketing: 'Marketing', sales: 'Sales' };

/** How often a planned touch point recurs; `once` happens on its date only. */
export const CADENCES = ['once', 'weekly', 'monthly', 'quarterly'] as const;
export type Cadence = (typeof CADENCES)[number];
export const CADENCE_LABELS: Readonly<Record<Cadence, string>> = { once: 'Once', weekly: 'Weekly', monthly: 'Monthly', quarterly: 'Quarterly' };
/** Days between two touches of a recurring touch point. */
export const CADENCE_DAYS: Readonly<Record<Cadence, number | null>> = { once: null, weekly: 7, monthly: 30, quarterly: 91 };

export const TOUCH_POINT_STATUSES = ['planned', 'done', 'dropped'] as const;
export type TouchPointStatus = (typeof TOUCH_POINT_STATUSES)[number];

export const ENGAGEMENT_LIMITS = {
	/** Topics per stakeholder (goals and CSFs they care about). */
	topics: 50,
	/** Relationship owners per client stakeholder. */
	owners: 20,
	touchPoints: 3000,
	touches: 10000,
	purpose: 300,
	outcome: 2000
} as const;

/**
 * The coverage rules (views/coverage.ts). A client stakeholder is *engaged* when a supplier person
 * touched them in the last ENGAGED_DAYS days or has a touch point planned with them. "Too much
 * volume": within one window of VOLUME_WINDOW_DAYS days (the last 30 days of recorded touches, or
 * the next 30 days of planned ones), VOLUME_PEOPLE or more supplier people, or people from
 * VOLUME_FUNCTIONS or more functions, reach the same client stakeholder.
 */
export const COVERAGE_RULES = { engagedDays: 90, volumeWindowDays: 30, volumePeople: 5, volumeFunctions: 3 } as const;
