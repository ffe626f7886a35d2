/** One line of `sovereign doctor`'s report. */
export interface DoctorCheck {
  /** What was checked, e.g. `provider sim-de`, `audit chain`, `postgres`. */
  name: string;
  ok: boolean;
  /** What was found, or why it failed; never a secret (passwords and keys are hidden). */
  message: string;
  /** What to do about a failure (or a warning). */
  fix?: string;
}

/** The report lines of one check: `  name: ok|FAILED message`, then its fix indented below. */
export function formatDoctorCheck(check: DoctorCheck): string {
  return `  ${check.name}: ${check.ok ? 'ok' : 'FAILED'} ${check.message}\n${check.fix ? `      fix: ${check.fix}\n` : ''}`;
}
