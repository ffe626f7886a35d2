/**
 * Data profile: what a request carries (personal data, credentials, classification markings) and what its
 * client and tenant declare about it.
 */
export { detectFindings } from "./detect-findings.js";
export { profileText } from "./profile-text.js";
export { parseDeclaredHeaders, classificationHeader, residencyHeader, labelsHeader } from "./declared-headers.js";
export { parseDeclaredClassification, classificationRank, higherClassification } from "./classification-level.js";
export { parseClassificationMarking } from "./classification-marking.js";
export { personalDataKinds, secretKinds, isPersonalDataKind, isSecretKind } from "./finding.js";
//# sourceMappingURL=index.js.map