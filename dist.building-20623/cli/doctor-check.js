/** The report lines of one check: `  name: ok|FAILED message`, then its fix indented below. */
export function formatDoctorCheck(check) {
    return `  ${check.name}: ${check.ok ? 'ok' : 'FAILED'} ${check.message}\n${check.fix ? `      fix: ${check.fix}\n` : ''}`;
}
//# sourceMappingURL=doctor-check.js.map