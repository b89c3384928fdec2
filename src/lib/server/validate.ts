// Form parsing that reports per-field errors instead of throwing.
export type FieldErrors = Record<string, string>;

export function str(form: FormData, key: string): string {
	const v = form.get(key);
	return typeof v === 'string' ? v.trim() : '';
}

export function requireText(form: FormData, key: string, label: string, errors: FieldErrors, max = 120): string {
	const v = str(form, key);
	if (!v) errors[key] = `${label} is required.`;
	else if (v.length > max) errors[key] = `${label} must be at most ${max} characters (it has ${v.length}).`;
	return v;
}

export function optionalText(form: FormData, key: string, label: string, errors: FieldErrors, max = 120): string | null {
	const v = str(form, key);
	if (v.length > max) errors[key] = `${label} must be at most ${max} characters (it has ${v.length}).`;
	return v || null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export function email(form: FormData, errors: FieldErrors): string {
	const v = str(form, 'email').toLowerCase();
	if (!v) errors.email = 'Email is required.';
	else if (!EMAIL.test(v) || v.length > 254) errors.email = 'Enter a valid email address, like name@company.com.';
	return v;
}

export function oneOf<T extends string>(form: FormData, key: string, options: readonly T[], label: string, errors: FieldErrors): T {
	const v = str(form, key);
	if (!(options as readonly string[]).includes(v)) {
		errors[key] = `Choose a ${label}.`;
		return options[0];
	}
	return v as T;
}

export const hasErrors = (e: FieldErrors) => Object.keys(e).length > 0;
