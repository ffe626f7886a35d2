import { z } from 'zod';
import { countryCode } from "../catalog/catalog-schema.js";
/**
 * The shape of `data/jurisdictions.json` and of other group files such as `data/export-control.json`. Core never
 * reads files: the server (or a test, or the browser bundle) loads the JSON and passes it in, validated here.
 */
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date such as "2026-11-25"');
/** Group names: a letter, then letters, digits and `_ . + -`; compared case-insensitively. */
export const groupNameSchema = z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_.+-]{0,63}$/, 'a group name is a letter followed by up to 63 letters, digits and _ . + -');
export const groupDefinitionSchema = z.strictObject({
    description: z.string().min(1),
    /** Where the membership comes from (a URL or a citation). */
    source: z.string().min(1).optional(),
    /** When the membership was last checked against the source. */
    checked: isoDate.optional(),
    notes: z.string().optional(),
    /** Country codes and names of other groups. */
    members: z.array(z.string().min(1)),
    /** What the membership covers, by country, where it does not cover everything (`US`: DPF-certified organisations only). */
    scope: z.record(countryCode, z.string().min(1)).default({}),
});
/** A file of named groups, with its provenance. */
export const groupFileSchema = z.strictObject({
    $comment: z.string().optional(),
    source: z.string().min(1),
    checked: isoDate,
    notes: z.string().optional(),
    groups: z.record(groupNameSchema, groupDefinitionSchema),
});
/** The jurisdictions catalogue: every ISO 3166-1 alpha-2 country with its English name, and groups of them. */
export const jurisdictionsFileSchema = groupFileSchema.extend({
    countries: z.record(countryCode, z.string().min(1)),
});
/** The operator's own groups: name → members (country codes or names of other groups). */
export const userGroupsSchema = z.record(groupNameSchema, z.array(z.string().min(1)));
//# sourceMappingURL=jurisdictions-schema.js.map