/**
 * Asks the health callback at most once per provider per decision. `begin` starts a decision; a stamp per
 * provider marks answers already cached, so nothing is cleared or allocated between decisions.
 */
export class HealthCache {
    stamps;
    open;
    stamp = 0;
    health;
    constructor(providerCount) {
        this.stamps = new Int32Array(providerCount);
        this.open = new Uint8Array(providerCount);
    }
    begin(health) {
        this.health = health;
        if (health === undefined)
            return;
        if (++this.stamp === 0x7fffffff) {
            this.stamp = 1;
            this.stamps.fill(0);
        }
    }
    isOpen(providerSlot, providerId) {
        if (this.health === undefined)
            return false;
        if (this.stamps[providerSlot] !== this.stamp) {
            this.stamps[providerSlot] = this.stamp;
            this.open[providerSlot] = this.health(providerId) === 'open' ? 1 : 0;
        }
        return this.open[providerSlot] === 1;
    }
}
//# sourceMappingURL=health-cache.js.map