import { cpus, release, totalmem, type as osType } from 'node:os';
import { chatBody } from './load-client.ts';

/** The machine a run happened on, for the report (figures drift between machines and runs). */
export interface MachineDescription {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  /**
   * Microseconds for one JSON parse and serialise of the benchmark's request body in the harness, a fixed
   * piece of work to compare machines and runs by: on a machine (or a moment) twice as slow it doubles.
   */
  calibrationUs: number;
}

function calibrate(): number {
  const body = chatBody(false);
  let sink = 0;
  const rounds = 20_000;
  for (let index = 0; index < 2000; index += 1) sink += JSON.stringify(JSON.parse(body)).length;
  const started = performance.now();
  for (let index = 0; index < rounds; index += 1) sink += JSON.stringify(JSON.parse(body)).length;
  const microseconds = ((performance.now() - started) * 1000) / rounds;
  return sink > 0 ? Math.round(microseconds * 100) / 100 : 0;
}

export function describeMachine(): MachineDescription {
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    os: `${osType()} ${release()}`,
    node: process.version,
    calibrationUs: calibrate(),
  };
}
