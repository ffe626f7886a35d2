import { classificationLevel, evaluatePolicies, providerFactsOf, type CompiledPolicySet } from '../../core/policy/index.ts';
import { profileText, type DataProfile } from '../../core/profile/index.ts';
import type { Principal } from '../../core/principal.ts';
import type { McpUpstreamConfig } from '../mcp-config-schema.ts';

/** Why a tool call may not go to its server; undefined when it may. */
export interface ToolCallVerdict {
  profile: DataProfile;
  refusal?: { reason: string; policies: string[] };
}

/** Every string in a JSON value (keys and values), in order: what the detectors read of a tool call's arguments. */
export function stringsOf(value: unknown, into: string[] = [], depth = 0): string[] {
  if (depth > 64) return into;
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) for (const item of value) stringsOf(item, into, depth + 1);
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      into.push(key);
      stringsOf(item, into, depth + 1);
    }
  }
  return into;
}

/**
 * Decides whether a tool call's arguments may go to its upstream server, with the same detectors, CEL conditions and
 * constraints as a model request: the arguments are profiled (personal data, credentials, classification markings),
 * the policies in force are evaluated with `tool.name` and `tool.server` bound, and the server (its jurisdiction,
 * operator, tier, clearance, retention) must satisfy every matched policy's constraints as a provider would.
 * Built in, whatever the policies say: credentials never leave, and nothing goes to a server not cleared for it.
 */
export function checkToolCall(input: {
  args: Record<string, unknown>;
  principal: Principal;
  server: McpUpstreamConfig;
  toolName: string;
  policies: CompiledPolicySet;
  declared?: { classification?: DataProfile['classification'] };
}): ToolCallVerdict {
  const { server, principal } = input;
  const profile = profileText(stringsOf(input.args), input.declared ?? {});
  if (profile.secrets.length > 0) {
    return { profile, refusal: { reason: `the arguments carry a credential (${profile.secrets.map((found) => found.kind).join(', ')}); credentials are never sent to a tool`, policies: [] } };
  }
  if (classificationLevel(profile.classification) > classificationLevel(server.clearance)) {
    return { profile, refusal: { reason: `the arguments are ${profile.classification}, above the clearance of server "${server.id}" (${server.clearance})`, policies: [] } };
  }
  const evaluation = evaluatePolicies(input.policies, {
    principal,
    profile: { ...profile, residency: profile.residency[0] ?? '' },
    request: { model: '', labels: profile.labels },
    tool: { name: input.toolName, server: server.id },
  });
  if (evaluation.actions.has('block')) {
    const blocking = input.policies.policies.filter((policy) => policy.actions.includes('block') && evaluation.matched.includes(policy.name)).map((policy) => policy.name);
    return { profile, refusal: { reason: `refused by policy ${blocking.join(', ')}`, policies: blocking } };
  }
  const facts = providerFactsOf(server);
  const failed = evaluation.constraints.filter((constraint) => !constraint.allows(facts));
  if (failed.length > 0) {
    return { profile, refusal: { reason: failed.flatMap((constraint) => constraint.explain(facts)).join('; '), policies: [...new Set(failed.map((constraint) => constraint.policy))] } };
  }
  return { profile };
}
