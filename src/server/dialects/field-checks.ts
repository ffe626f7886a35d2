/**
 * The field checks of the plain-body shortcuts (`simpleChatRequestInput`, `simpleMessagesRequestInput`): each returns
 * a field's value as the dialect's zod schema would return it, or {@link refused} for a value the shortcut leaves to
 * the schema (so refusals and their messages stay the schema's).
 */

/** What a field check returns for a value the fast path leaves to the schema. */
export const refused = Symbol('refused');

/** A field's value as the schema returns it, or {@link refused}. */
export type Check = (value: unknown) => unknown;

export const boolean: Check = (value) => (typeof value === 'boolean' ? value : refused);
export const string: Check = (value) => (typeof value === 'string' ? value : refused);
/** A finite number from `low` to `high`, both included. */
export const between =
  (low: number, high: number): Check =>
  (value) =>
    typeof value === 'number' && Number.isFinite(value) && value >= low && value <= high ? value : refused;
export const integer: Check = (value) => (typeof value === 'number' && Number.isSafeInteger(value) ? value : refused);
export const naturalNumber: Check = (value) => (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : refused);
export const positiveInteger: Check = (value) => (typeof value === 'number' && Number.isSafeInteger(value) && value >= 1 ? value : refused);

/** An array of strings, copied as the schema does. */
export const strings: Check = (value) => {
  if (!Array.isArray(value)) return refused;
  const copy: string[] = [];
  for (let index = 0; index < value.length; index++) {
    const item: unknown = value[index];
    if (typeof item !== 'string') return refused;
    copy.push(item);
  }
  return copy;
};

/** A field the shortcut never takes: its body goes through the schema. */
export const throughSchema: Check = () => refused;

/**
 * Copies the schema's fields, in the schema's order, from `body` into `input`, as the schema does: an absent key
 * stays absent, a present one is kept (undefined as it is, and null as it is when the schema's fields are
 * `nullable`), any other value through its check. False as soon as a check leaves the body to the schema.
 */
export function copyCheckedFields(body: Record<string, unknown>, fields: ReadonlyArray<readonly [string, Check]>, input: Record<string, unknown>, nullable: boolean): boolean {
  for (let index = 0; index < fields.length; index++) {
    const [name, accepts] = fields[index]!;
    if (!(name in body)) continue;
    const value = body[name];
    if (value === undefined || (nullable && value === null)) input[name] = value;
    else {
      const accepted = accepts(value);
      if (accepted === refused) return false;
      input[name] = accepted;
    }
  }
  return true;
}
