import type { AuditStore } from './audit-store.ts';
import { checkpointMessage, type Checkpoint } from './checkpoint.ts';
import type { CheckpointSigner } from './checkpoint-signer.ts';
import { followStoredRecords, type AuditState } from './recover-audit-state.ts';

/** Where the embedded log stands: shared by the batch writer (which advances it) and the checkpointer. */
export interface AuditChain {
  state: AuditState;
  /** When the last checkpoint was signed (ISO 8601); undefined before the first. */
  lastCheckpointAt: string | undefined;
}

export interface AuditCheckpointerOptions {
  store: AuditStore;
  signer: CheckpointSigner;
  keyId: string;
  chain: AuditChain;
  /** Sign this often (ms) while records are unsigned. */
  intervalMs: number;
  now: () => Date;
  /** Failures of background checkpoints. */
  onError: (error: Error) => void;
}

/**
 * Signs the embedded log's checkpoints: in the background (every `intervalMs`, and when the writer says one is
 * due), and on demand. One signature is in flight at a time; one asked for meanwhile starts once it is stored.
 * Follows what other processes on the same file (`serve --workers N`) stored, so a checkpoint covers their records
 * too and takes the next number after theirs.
 */
export class AuditCheckpointer {
  readonly #options: AuditCheckpointerOptions;
  readonly #timer: ReturnType<typeof setInterval>;
  #inFlight: Promise<Checkpoint> | undefined;
  #again = false;
  #stopped = false;

  constructor(options: AuditCheckpointerOptions) {
    this.#options = options;
    this.#timer = setInterval(() => this.due(), options.intervalMs);
    this.#timer.unref();
  }

  /** A checkpoint is due: start it, or, while one is being signed, start another once that one is stored. */
  due(): void {
    if (this.#inFlight) this.#again = true;
    else if (!this.#stopped) {
      try {
        this.#followOtherWriters();
      } catch (error) {
        this.#options.onError(error as Error);
        return;
      }
      const { state } = this.#options.chain;
      if (state.seq > state.checkpointSize) this.#start().catch(this.#options.onError);
    }
  }

  /** Signs a checkpoint over every durable record now (undefined when there is nothing new to sign). */
  async signNow(): Promise<Checkpoint | undefined> {
    const chain = this.#options.chain;
    for (;;) {
      while (this.#inFlight) await this.#inFlight.catch(() => undefined);
      this.#followOtherWriters();
      if (chain.state.seq <= chain.state.checkpointSize) return undefined;
      const signed = await this.#start();
      // Stored (not lost to another writer's checkpoint of the same number): it covers every record seen.
      if (signed.treeSize >= chain.state.seq) return signed;
    }
  }

  /** Stops the background signing; `signNow` still works. */
  stop(): void {
    this.#stopped = true;
    clearInterval(this.#timer);
  }

  /**
   * Follows what other processes on this file stored since this one last looked: their records and their last
   * checkpoint. Nothing changes with one process. Throws when a stored record does not chain.
   */
  #followOtherWriters(): void {
    const { chain, store } = this.#options;
    const state = chain.state;
    chain.state = { ...state, ...followStoredRecords({ seq: state.seq, hash: state.hash, frontier: state.frontier.clone() }, store) };
    const stored = store.lastCheckpoint();
    if (stored && stored.seq > chain.state.checkpointSeq) {
      chain.state = { ...chain.state, checkpointSeq: stored.seq, checkpointSize: stored.treeSize };
      chain.lastCheckpointAt = stored.time;
    }
  }

  /** Signs the durable state as it is now (the caller made sure no signature is in flight). */
  #start(): Promise<Checkpoint> {
    const { chain, store } = this.#options;
    const state = chain.state;
    const unsigned: Omit<Checkpoint, 'signature'> = {
      seq: state.checkpointSeq + 1,
      treeSize: state.seq,
      root: state.frontier.root().toString('hex'),
      head: state.hash,
      time: this.#options.now().toISOString(),
      keyId: this.#options.keyId,
    };
    const frontier = state.frontier.toJSON();
    const signing = this.#options.signer
      .sign(checkpointMessage(unsigned))
      .then((signature) => {
        const signed: Checkpoint = { ...unsigned, signature };
        if (!store.insertCheckpoint({ ...signed, frontier })) {
          // Another process on this file stored this number first: follow it, and sign again if records remain.
          this.#followOtherWriters();
          this.#again = true;
          return store.lastCheckpoint() ?? signed;
        }
        chain.state = { ...chain.state, checkpointSeq: signed.seq, checkpointSize: signed.treeSize };
        chain.lastCheckpointAt = signed.time;
        return signed;
      })
      .finally(() => {
        this.#inFlight = undefined;
        if (this.#again) {
          this.#again = false;
          this.due();
        }
      });
    this.#inFlight = signing;
    return signing;
  }
}
