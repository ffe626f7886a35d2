/**
 * Data profile: what a request carries (personal data, credentials, classification markings) and what its
 * client and tenant declare about it.
 */
export { detectFindings } from './detect-findings.ts';
export { profileText } from './profile-text.ts';
export { parseDeclaredHeaders, classificationHeader, residencyHeader, labelsHeader } from './declared-headers.ts';
export { parseDeclaredClassification, classificationRank, higherClassification } from './classification-level.ts';
export { parseClassificationMarking } from './classification-marking.ts';
export type { DeclaredProfile } from './declared-profile.ts';
export type { DataProfile, KindCount, TextFinding } from './data-profile.ts';
export type { Finding, FindingKind, PersonalDataKind, SecretKind } from './finding.ts';
export { personalDataKinds, secretKinds, isPersonalDataKind, isSecretKind } from './finding.ts';
