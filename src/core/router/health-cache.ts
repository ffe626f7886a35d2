/** Circuit state of a provider as the dispatcher sees it; `open` makes its candidates unavailable. */
export type ProviderHealth = 'healthy' | 'half-open' | 'open';

/**
 * Asks the health callback at most once per provider per decision. `begin` starts a decision; a stamp per
 * provider marks answers already cached, so nothing is cleared or allocated between decisions.
 */
export class HealthCache {
  private readonly stamps: Int32Array;
  private readonly open: Uint8Array;
  private stamp = 0;
  private health: ((providerId: string) => ProviderHealth) | undefined;

  constructor(providerCount: number) {
    this.stamps = new Int32Array(providerCount);
    this.open = new Uint8Array(providerCount);
  }

  begin(health: ((providerId: string) => ProviderHealth) | undefined): void {
    this.health = health;
    if (health === undefined) return;
    if (++this.stamp === 0x7fffffff) {
      this.stamp = 1;
      this.stamps.fill(0);
    }
  }

  isOpen(providerSlot: number, providerId: string): boolean {
    if (this.health === undefined) return false;
    if (this.stamps[providerSlot] !== this.stamp) {
      this.stamps[providerSlot] = this.stamp;
      this.open[providerSlot] = this.health(providerId) === 'open' ? 1 : 0;
    }
    return this.open[providerSlot] === 1;
  }
}
