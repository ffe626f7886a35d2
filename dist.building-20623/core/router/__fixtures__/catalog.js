import { providerSchema } from "../../catalog/catalog-schema.js";
/** A validated catalog provider with sensible defaults for tests; `model` overrides apply to its one model. */
export function provider(id, overrides = {}, model = {}) {
    return providerSchema.parse({
        id,
        adapter: 'openai-compatible',
        tier: 'cloud',
        jurisdiction: 'DE',
        operator: { name: `${id} operator`, country: 'DE' },
        ...overrides,
        models: [{ name: 'chat', price: { input: 1, output: 2 }, quality: { overall: 0.5 }, ...model }],
    });
}
//# sourceMappingURL=catalog.js.map