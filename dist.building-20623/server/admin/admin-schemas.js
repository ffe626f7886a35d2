import { z } from 'zod';
import { classificationSchema, countryCode } from "../../core/catalog/catalog-schema.js";
import { knownScopes } from "../../security/keys/check-scope.js";
import { modelPatternSchema, tenantSchema } from "../../security/keys/create-key-input.js";
import { usageGroups } from "../../store/ledger-repository.js";
/** `POST /admin/keys`: snake_case like the rest of the HTTP API; unknown fields are refused. */
export const createKeyBodySchema = z.strictObject({
    tenant: tenantSchema.optional(),
    name: z.string().trim().min(1).max(100),
    scopes: z.array(z.enum(knownScopes)).min(1).optional(),
    models: z.array(modelPatternSchema).min(1).optional(),
    clearance: classificationSchema.optional(),
    country: countryCode.optional(),
    labels: z.array(z.string().min(1).max(100)).optional(),
    budgets: z
        .strictObject({
        usd_per_day: z.number().nonnegative().optional(),
        usd_per_month: z.number().nonnegative().optional(),
        tokens_per_day: z.number().int().nonnegative().optional(),
        tokens_per_month: z.number().int().nonnegative().optional(),
    })
        .optional(),
    rate_limits: z
        .strictObject({
        requests_per_minute: z.number().int().positive().optional(),
        tokens_per_minute: z.number().int().positive().optional(),
    })
        .optional(),
    expires_at: z.iso.datetime({ offset: true }).optional(),
});
function defined(value) {
    return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined));
}
/** The key service's input from a validated body, for `tenant`. */
export function toCreateKeyInput(body, tenant) {
    return {
        tenant,
        name: body.name,
        ...defined({ scopes: body.scopes, models: body.models, clearance: body.clearance, country: body.country, labels: body.labels }),
        budgets: defined({
            usdPerDay: body.budgets?.usd_per_day,
            usdPerMonth: body.budgets?.usd_per_month,
            tokensPerDay: body.budgets?.tokens_per_day,
            tokensPerMonth: body.budgets?.tokens_per_month,
        }),
        rateLimits: defined({ requestsPerMinute: body.rate_limits?.requests_per_minute, tokensPerMinute: body.rate_limits?.tokens_per_minute }),
        ...(body.expires_at === undefined ? {} : { expiresAt: Date.parse(body.expires_at) }),
    };
}
/** `POST /admin/keys/:id/rotate`: an optional grace period during which the old secret still works. */
export const rotateKeyBodySchema = z.strictObject({
    grace_seconds: z.number().int().min(0).max(30 * 86_400).optional(),
});
/** An instant in a query string: `2026-03-14` (UTC midnight) or an ISO 8601 date-time with offset. */
const instant = z.union([z.iso.date(), z.iso.datetime({ offset: true })]).transform((text) => Date.parse(text.length === 10 ? `${text}T00:00:00Z` : text));
const groupList = z
    .string()
    .transform((text) => text.split(',').map((item) => item.trim()).filter((item) => item !== ''))
    .pipe(z.array(z.enum(usageGroups)));
/** `GET /admin/usage` query: `from` inclusive, `to` exclusive. */
export const usageQuerySchema = z.strictObject({
    tenant: tenantSchema.optional(),
    key: z.string().min(1).optional(),
    model: z.string().min(1).optional(),
    provider: z.string().min(1).optional(),
    from: instant.optional(),
    to: instant.optional(),
    group_by: groupList.optional(),
});
/** `GET /admin/keys` query. */
export const listKeysQuerySchema = z.strictObject({
    tenant: tenantSchema.optional(),
    include_revoked: z.enum(['true', 'false']).optional(),
});
//# sourceMappingURL=admin-schemas.js.map