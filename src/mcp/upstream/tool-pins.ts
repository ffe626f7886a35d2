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
 * A tool's definition as the gateway passes it on to clients: everything the upstream server said of the tool
 * (name, title, description, input and output schemas, annotations, icons, execution hints, ...) except `_meta`,
 * which is per-response data, not part of what a client or a model is asked to trust.
 */
export function toolDefinition(tool: Tool): Tool {
  const { _meta: _ignored, ...definition } = tool;
  return definition;
}

/**
 * The hash a tool's definition is pinned by: SHA-256 over the canonical JSON (key order does not matter) of
 * {@link toolDefinition}, prefixed `v2:`, so any change to what clients are shown (a description, a schema, an
 * annotation such as `readOnlyHint`, a title: the "rug pull") is seen.
 */
export function toolDefinitionHash(tool: Tool): string {
  return `v2:${createHash('sha256').update(canonicalJson(toolDefinition(tool))).digest('hex')}`;
}

/**
 * The hash pin files written before `v2` hold: over name, description and schemas only. A definition whose approved
 * hash is this one, and that is unchanged in those fields, is re-pinned under {@link toolDefinitionHash} as it is
 * now (its other fields were never pinned, so nothing an administrator approved changes).
 */
function legacyDefinitionHash(tool: Tool): string {
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
      if (approved !== undefined && !approved.startsWith('v2:') && approved === legacyDefinitionHash(tool)) {
        state.approved[key] = hash;
        save();
        return 'approved';
      }
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
