import { parseDeclaredHeaders, profileText, type DeclaredProfile } from '../../core/profile/index.ts';
import { bodyTexts } from '../../core/profile/request-texts.ts';
import { combineInherited, inheritProfile, type InheritedProfile } from '../../core/profile/inherit-profile.ts';
import type { Principal } from '../../core/principal.ts';
import type { Stage } from '../pipeline/stage.ts';
import type { HeaderReader, Ingressed, Profiled } from '../pipeline/context.ts';

const declarationHeaders = ['x-sovereign-classification', 'x-sovereign-residency', 'x-sovereign-labels'] as const;

export interface ProfileOptions {
  tenantDefaults: (tenant: string) => DeclaredProfile;
  /** `server.maxJsonDepth`, for JSON carried inside the body's strings. */
  maxJsonDepth: number;
  /**
   * What earlier MCP tool results raised for this principal (see `createToolResultMemory`): a request is held to it
   * like a turn continuing a stored conversation.
   */
  remembered?: (principal: Principal, headers: HeaderReader) => InheritedProfile | undefined;
}

/**
 * Profiles what the request carries in one pass of the precompiled detectors (personal data, secrets,
 * classification markings), combined with what the client declares in `x-sovereign-*` headers and the tenant's
 * defaults. A declaration can raise the detected level, never lower it. The texts profiled are every key and
 * string of the client's body, known fields and unknown ones, and of JSON inside its strings (see `bodyTexts`):
 * everything any path (translated, pass-through, streamed, retried, escalated) can send is derived from that body.
 * (The Responses ingress puts the stored items a turn continues into that body too.) A stored conversation the
 * request continues can also raise the level, never lower it, and so can a classified MCP tool result the same
 * caller received within `mcp.resultMemory.ttlSeconds` (see `createToolResultMemory` for the scope).
 */
export function profile(options: ProfileOptions): Stage<Ingressed, Profiled> {
  const walk = { maxJsonDepth: options.maxJsonDepth };
  return function profileStage(context, next) {
    const headers: Record<string, string | undefined> = {};
    for (const name of declarationHeaders) {
      const value = context.headers.get(name);
      if (value !== null) headers[name] = value;
    }
    const declared = parseDeclaredHeaders(headers);
    const running: boolean[] = [];
    const readFirst: boolean[] = [];
    const texts = bodyTexts(context.body, walk, running, readFirst);
    context.profiledTexts = { body: context.body, texts, running, readFirst };
    const profile = profileText(texts, declared, options.tenantDefaults(context.principal?.tenant ?? 'default'), running, readFirst);
    // A turn that continues a stored conversation (the Responses API's previous_response_id) is held to what it carried.
    const remembered = context.principal && options.remembered ? options.remembered(context.principal, context.headers) : undefined;
    const inherited = remembered && context.inheritedProfile ? combineInherited([remembered, context.inheritedProfile]) : (remembered ?? context.inheritedProfile);
    context.profile = inherited ? inheritProfile(profile, inherited) : profile;
    return next();
  };
}
