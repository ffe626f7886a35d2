import { classificationLevel, evaluatePolicies, providerFactsOf, type CompiledPolicySet } from '../../core/policy/index.ts';
import { profileText, type DataProfile, type DeclaredProfile } from '../../core/profile/index.ts';
import { inheritProfile, type InheritedProfile } from '../../core/profile/inherit-profile.ts';
import { bodyTexts } from '../../core/profile/request-texts.ts';
import type { Principal } from '../../core/principal.ts';
import type { McpUpstreamConfig } from '../mcp-config-schema.ts';

/** Why a tool call may not go to its server; undefined when it may. */
export interface ToolCallVerdict {
  profile: DataProfile;
  refusal?: { reason: string; policies: string[] };
}

/**
 * Every text of a tool call's arguments the detectors read, as for a model request's body (`bodyTexts`): keys and
 * strings at any depth, integers of seven digits or more (card or phone numbers sent as numbers), and the keys and
 * strings of JSON carried inside a string. Throws `invalid_json` for arguments nested deeper than `maxJsonDepth`
 * (the arguments object counting as 2), so nothing the detectors did not read is sent on.
 */
export function argumentTexts(args: Record<string, unknown>, maxJsonDepth: number): string[] {
  // Wrapped, so an argument named `model` is read like any other (a body's top-level `model` is checked elsewhere).
  return bodyTexts({ arguments: args }, { maxJsonDepth });
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
  /** `server.maxJsonDepth`. */
  maxJsonDepth: number;
  /** What the caller declared (`x-sovereign-*` headers of its `/mcp` request): can raise the level, never lower it. */
  declared?: DeclaredProfile;
  /** What earlier tool results raised for the caller (the tool-result memory): can raise the level, never lower it. */
  inherited?: InheritedProfile;
}): ToolCallVerdict {
  const { server, principal } = input;
  const found = profileText(argumentTexts(input.args, input.maxJsonDepth), input.declared ?? {});
  const profile = input.inherited ? inheritProfile(found, input.inherited) : found;
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
