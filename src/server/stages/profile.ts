import { parseDeclaredHeaders, profileText, type DeclaredProfile } from '../../core/profile/index.ts';
import { requestTexts } from '../../core/profile/request-texts.ts';
import { inheritProfile } from '../../core/profile/inherit-profile.ts';
import type { Stage } from '../pipeline/compose.ts';
import type { PipelineContext } from '../pipeline/context.ts';

const declarationHeaders = ['x-sovereign-classification', 'x-sovereign-residency', 'x-sovereign-labels'] as const;

/**
 * Profiles what the request carries in one pass of the precompiled detectors (personal data, secrets,
 * classification markings), combined with what the client declares in `x-sovereign-*` headers and the tenant's
 * defaults. A declaration can raise the detected level, never lower it; so can a stored conversation the request
 * continues (`previous_response_id`), whose texts are profiled here like any other input.
 */
export function profile(options: { tenantDefaults: (tenant: string) => DeclaredProfile }): Stage<PipelineContext> {
  return function profileStage(context, next) {
    const headers: Record<string, string | undefined> = {};
    for (const name of declarationHeaders) {
      const value = context.headers.get(name);
      if (value !== null) headers[name] = value;
    }
    const declared = parseDeclaredHeaders(headers);
    const texts = context.request ? requestTexts(context.request) : (context.embeddingRequest?.input ?? []);
    const profile = profileText(texts, declared, options.tenantDefaults(context.principal?.tenant ?? 'default'));
    context.profile = context.inheritedProfile ? inheritProfile(profile, context.inheritedProfile) : profile;
    return next();
  };
}
