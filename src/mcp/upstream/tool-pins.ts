import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Tool } from '@modelcontextprotocol/client';
import { canonicalJson } from '../../security/audit/canonical-json.ts';

/** What the gateway knows of one upstream tool's definition. */
export type PinStatus = 'approved' | 'pending' | 'changed';

interface PinFile {
  /** `server/tool` -> the approved definition's hash. */
  approved: Record<string, string>;
  /** `server/tool` -> the definition waiting for `sovereign mcp approve`. */
  pending: Record<string, { hash: string; firstSeen: string; previous?: string }>;
}

/** A tool definition waiting for approval, as `sovereign mcp pending` lists it. */
export interface PendingTool {
  server: string;
  tool: string;
  hash: string;
  firstSeen: string;
  /** The approved hash it would replace (a changed definition); absent for a new tool. */
  previous?: string;
}

/**
 * The hash a tool's definition is pinned by: SHA-256 over the canonical JSON of its name, description and input and
 * output schemas (what a model reads and what it may send), so any change to them (the "rug pull") is seen.
 */
export function toolDefinitionHash(tool: Pick<Tool, 'name' | 'description' | 'inputSchema' | 'outputSchema'>): string {
  const definition = { name: tool.name, description: tool.description ?? '', inputSchema: tool.inputSchema ?? {}, outputSchema: tool.outputSchema ?? null };
  return createHash('sha256').update(canonicalJson(definition)).digest('hex');
}

/** The approved tool definitions of the governed upstream servers, kept in a JSON file of the gateway's home. */
export interface ToolPinStore {
  /**
   * The status of a definition seen now: `approved` when its hash is the approved one. A tool seen for the first time
   * is approved at once under `first-use` pinning, else pending; a changed definition is `changed` (withheld) until
   * approved again. New pending entries are written to the file.
   */
  check(server: string, tool: Tool, pinning: 'first-use' | 'manual'): PinStatus;
  pending(): PendingTool[];
  /** Approves the pending definitions matching the filter (all when empty); returns what was approved. */
  approve(filter: { server?: string; tool?: string }): PendingTool[];
}

/**
 * Opens the pin file (`<home>/mcp-tool-pins.json`, mode 0600). The gateway and `sovereign mcp approve` share it: the
 * file is read again whenever it changed on disk, so an approval takes effect on the next tool list without a restart.
 */
export function openToolPinStore(file: string): ToolPinStore {
  let state: PinFile = { approved: {}, pending: {} };
  let loadedMtime = -1;
  const load = () => {
    if (!existsSync(file)) return;
    const mtime = statSync(file).mtimeMs;
    if (mtime === loadedMtime) return;
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<PinFile>;
    state = { approved: parsed.approved ?? {}, pending: parsed.pending ?? {} };
    loadedMtime = mtime;
  };
  const save = () => {
    mkdirSync(dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
    renameSync(temporary, file);
    loadedMtime = statSync(file).mtimeMs;
  };
  return {
    check(server, tool, pinning) {
      load();
      const key = `${server}/${tool.name}`;
      const hash = toolDefinitionHash(tool);
      const approved = state.approved[key];
      if (approved === hash) return 'approved';
      if (approved === undefined && pinning === 'first-use') {
        state.approved[key] = hash;
        delete state.pending[key];
        save();
        return 'approved';
      }
      if (state.pending[key]?.hash !== hash) {
        state.pending[key] = { hash, firstSeen: new Date().toISOString(), ...(approved ? { previous: approved } : {}) };
        save();
      }
      return approved === undefined ? 'pending' : 'changed';
    },
    pending() {
      load();
      return Object.entries(state.pending).map(([key, entry]) => {
        const slash = key.indexOf('/');
        return { server: key.slice(0, slash), tool: key.slice(slash + 1), ...entry };
      });
    },
    approve(filter) {
      load();
      const chosen = this.pending().filter((entry) => (filter.server === undefined || entry.server === filter.server) && (filter.tool === undefined || entry.tool === filter.tool));
      for (const entry of chosen) {
        const key = `${entry.server}/${entry.tool}`;
        state.approved[key] = entry.hash;
        delete state.pending[key];
      }
      if (chosen.length > 0) save();
      return chosen;
    },
  };
}
