/** The period's name at `time`: `2026-03-14` for a day, `2026-03` for a month (UTC). */
export function periodKey(period, time) {
    const iso = new Date(time).toISOString();
    return period === 'day' ? iso.slice(0, 10) : iso.slice(0, 7);
}
/** When the period containing `time` ends (ms since the epoch, UTC midnight). */
export function periodEnd(period, time) {
    const date = new Date(time);
    return period === 'day'
        ? Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + 1)
        : Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
}
//# sourceMappingURL=budget-period.js.map