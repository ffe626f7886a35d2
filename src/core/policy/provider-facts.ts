import type { ProviderEntry, Tier } from '../catalog/catalog-schema.ts';
import { unverifiedTransport, type TransportFacts } from '../transport/transport-security.ts';
import { classificationLevel } from './policy-context.ts';

/** The attributes of a provider that constraints test, derived once from its catalog entry. */
export interface ProviderFacts {
  readonly providerId: string;
  readonly tier: Tier;
  /** Where inference runs (ISO 3166-1 alpha-2). */
  readonly jurisdiction: string;
  readonly operatorCountry: string;
  /** Index in `classificationLevels` of the provider's clearance. */
  readonly clearanceLevel: number;
  readonly clearance: string;
  /** `none` and `zero` are 0. */
  readonly retentionDays: number;
  readonly trainsOnData: boolean;
  readonly certifications: ReadonlySet<string>;
  /** The link to the provider as last verified; read live (a handshake can change it while the gateway runs). */
  readonly transport: TransportFacts;
}

/** Where the live transport facts of a provider come from (the gateway's provider transports). */
export type TransportFactsOf = (providerId: string) => TransportFacts;

/** The subset of a catalog provider entry that constraints need. */
export type ProviderFactsSource = Pick<
  ProviderEntry, 'id' | 'tier' | 'jurisdiction' | 'operator' | 'clearance' | 'retention' | 'trainsOnData' | 'certifications'
>;

/** The facts of a provider; `transportOf` supplies its live transport facts (default: not verified). */
export function providerFactsOf(provider: ProviderFactsSource, transportOf?: TransportFactsOf): ProviderFacts {
  const providerId = provider.id;
  return {
    providerId: provider.id,
    tier: provider.tier,
    jurisdiction: provider.jurisdiction,
    operatorCountry: provider.operator.country,
    clearanceLevel: classificationLevel(provider.clearance),
    clearance: provider.clearance,
    retentionDays: typeof provider.retention === 'number' ? provider.retention : 0,
    trainsOnData: provider.trainsOnData,
    certifications: new Set(provider.certifications),
    get transport() {
      return transportOf === undefined ? unverifiedTransport : transportOf(providerId);
    },
  };
}
