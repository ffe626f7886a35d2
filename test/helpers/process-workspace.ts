import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../src/sim/simulator.ts';

/** Where a test that starts `sovereign serve` processes keeps its files. */
export interface ProcessDirectory {
  directory: string;
  /** `config.yaml` in it, written. */
  configFile: string;
  /** `home` in it (not created: the gateway makes its state directory itself). */
  home: string;
}

/** Simulators and directories for tests of gateway processes, closed and removed after the enclosing `describe`. */
export interface ProcessWorkspace {
  /** Starts a provider simulator in this process (it outlives the gateways and counts what reached it). */
  simulator(options: SimulatorOptions): Promise<Simulator>;
  /** A fresh temporary directory named after `prefix`, holding `config.yaml` with `config`. */
  directory(prefix: string, config?: string): ProcessDirectory;
}

/**
 * The set-up every test of `sovereign serve` processes repeats (crash recovery, `--workers`, several gateways on
 * one database): call in a `describe`; what it makes is closed and removed once its tests are done.
 */
export function useProcessWorkspace(): ProcessWorkspace {
  const simulators: Simulator[] = [];
  const directories: string[] = [];
  afterAll(async () => {
    for (const simulator of simulators.splice(0)) await simulator.close();
    for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
  });
  return {
    async simulator(options) {
      const simulator = await startSimulator(options);
      simulators.push(simulator);
      return simulator;
    },
    directory(prefix, config = '') {
      const directory = mkdtempSync(join(tmpdir(), prefix));
      directories.push(directory);
      const configFile = join(directory, 'config.yaml');
      writeFileSync(configFile, config);
      return { directory, configFile, home: join(directory, 'home') };
    },
  };
}
