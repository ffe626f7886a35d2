import { parseArgs } from 'node:util';
import { invalidRequestFromZod } from "../server/dialects/openai/invalid-request-from-zod.js";
import { usageQuerySchema } from "../server/admin/admin-schemas.js";
import { toUsageRowView } from "../server/admin/usage-row-view.js";
import { formatUsd } from "../security/pricing/nano-usd.js";
import { openCliStores } from "./open-cli-stores.js";
import { databaseFile, formatTable, processIo } from "./keys-command.js";
const help = `Usage: sovereign usage [--tenant T] [--key ID] [--model M] [--provider P] [--from WHEN] [--to WHEN]
                       [--group-by tenant,key,model,provider,day] [--json] [--home DIR]

  Totals from the usage ledger: requests, errors, tokens and cost. --from is inclusive, --to exclusive;
  WHEN is 2026-03-14 (UTC midnight) or an ISO 8601 date-time with offset. Without --group-by: one line of totals.`;
const groupHeaders = [
    ['tenant', 'TENANT'],
    ['keyId', 'KEY'],
    ['model', 'MODEL'],
    ['provider', 'PROVIDER'],
    ['day', 'DAY'],
];
function usageTable(rows) {
    const present = groupHeaders.filter(([field]) => rows.some((row) => row[field] !== undefined));
    return formatTable([...present.map(([, header]) => header), 'REQUESTS', 'ERRORS', 'INPUT', 'CACHED', 'OUTPUT', 'COST'], rows.map((row) => [
        ...present.map(([field]) => String(row[field] ?? '-')),
        String(row.requests),
        String(row.errors),
        String(row.inputTokens),
        String(row.cachedInputTokens),
        String(row.outputTokens),
        formatUsd(row.costNanoUsd),
    ]));
}
/** `sovereign usage`: usage totals read straight from the SQLite ledger under `--home`. */
export async function usageCommand(argv, io = processIo) {
    let parsed;
    try {
        parsed = parseArgs({
            args: argv,
            options: {
                home: { type: 'string' },
                json: { type: 'boolean' },
                help: { type: 'boolean', short: 'h' },
                tenant: { type: 'string' },
                key: { type: 'string' },
                model: { type: 'string' },
                provider: { type: 'string' },
                from: { type: 'string' },
                to: { type: 'string' },
                'group-by': { type: 'string' },
            },
        });
    }
    catch (error) {
        io.err(`sovereign usage: ${error.message}\n\n${help}\n`);
        return 2;
    }
    const { values } = parsed;
    if (values.help) {
        io.out(`${help}\n`);
        return 0;
    }
    const raw = Object.fromEntries(Object.entries({ tenant: values.tenant, key: values.key, model: values.model, provider: values.provider, from: values.from, to: values.to, group_by: values['group-by'] }).filter(([, value]) => value !== undefined));
    const query = usageQuerySchema.safeParse(raw);
    if (!query.success) {
        const error = invalidRequestFromZod(query.error.issues, raw);
        io.err(`sovereign usage: ${error.message.replace(/'group_by/g, "'group-by")}\n`);
        return 2;
    }
    let stores;
    try {
        stores = await openCliStores(databaseFile(values.home, io.env), io.env);
    }
    catch (error) {
        io.err(`sovereign usage: ${error.message}\n`);
        return 1;
    }
    try {
        const { tenant, key, model, provider, from, to, group_by: groupBy } = query.data;
        const rows = await stores.ledger.usage({
            ...(tenant === undefined ? {} : { tenant }),
            ...(key === undefined ? {} : { keyId: key }),
            ...(model === undefined ? {} : { model }),
            ...(provider === undefined ? {} : { provider }),
            ...(from === undefined ? {} : { from }),
            ...(to === undefined ? {} : { to }),
            groupBy: groupBy ?? [],
        });
        if (values.json)
            io.out(`${JSON.stringify(rows.map(toUsageRowView), null, 2)}\n`);
        else if (rows.length === 0)
            io.out('No usage recorded.\n');
        else
            io.out(usageTable(rows));
        return 0;
    }
    finally {
        await stores.close();
    }
}
//# sourceMappingURL=usage-command.js.map