/** What {@link PatternAutomaton.longestAt} returns where no pattern starts. */
export const noPattern = -1;
/** What {@link PatternAutomaton.longestAt} asked for it returns where the rest of the text is a proper prefix of a longer pattern. */
export const pendingPattern = -2;

/**
 * Many strings searched for at once (Aho-Corasick): a trie of the patterns with failure links, so one pass over a
 * text finds every occurrence of every pattern, overlapping ones included, in time linear in the text plus the
 * matches, however many patterns there are. Redaction looks for thousands of distinct found values and tokens in a
 * request's texts; searching for each with `indexOf` or `includes` made that quadratic. Positions are UTF-16 code
 * units, as `indexOf` counts them. The empty pattern is never matched.
 * @see https://doi.org/10.1145/360825.360855 (Aho and Corasick, 1975)
 */
export class PatternAutomaton {
  // Per node, in typed arrays sized for the worst case (no shared prefix): one allocation each, whatever the count.
  /** The code unit of the node's first child's edge, or -1 (most nodes of long patterns have one child). */
  private readonly firstCode: Int32Array;
  /** The node's first child. */
  private readonly firstChild: Int32Array;
  /** For a node with more than one child: the others, by code unit. */
  private readonly moreChildren = new Map<number, Map<number, number>>();
  /** The longest proper suffix of the node's string that is also a trie node. */
  private readonly fail: Int32Array;
  /** The index of the pattern that ends at the node, or -1. */
  private readonly pattern: Int32Array;
  /** The nearest node down the node's failure chain where a pattern ends, or 0. */
  private readonly output: Int32Array;
  /** Whether the node has children (a longer pattern goes on from it). */
  private readonly inner: Uint8Array;
  private readonly lengths: number[];
  private nodes = 1;

  /** `patterns[i]` is reported as `i`; a pattern written twice is reported once, as its first index. */
  constructor(patterns: readonly string[]) {
    this.lengths = patterns.map((pattern) => pattern.length);
    let capacity = 1;
    for (const length of this.lengths) capacity += length;
    this.firstCode = new Int32Array(capacity).fill(-1);
    this.firstChild = new Int32Array(capacity);
    this.fail = new Int32Array(capacity);
    this.pattern = new Int32Array(capacity).fill(-1);
    this.output = new Int32Array(capacity);
    this.inner = new Uint8Array(capacity);
    const parents = new Int32Array(capacity);
    const codes = new Int32Array(capacity);
    const depths = new Int32Array(capacity);
    patterns.forEach((pattern, index) => this.insert(pattern, index, parents, codes, depths));
    this.link(parents, codes, depths);
  }

  /** Whether no pattern (other than empty ones) was given. */
  get empty(): boolean {
    return this.inner[0] === 0;
  }

  /** Calls `visit(pattern, end)` for every occurrence in `text`, in order of `end` (exclusive), longer patterns first at one end. */
  forEachMatch(text: string, visit: (pattern: number, end: number) => void): void {
    if (this.empty) return;
    let node = 0;
    for (let index = 0; index < text.length; index++) {
      node = this.step(node, text.charCodeAt(index));
      for (let found = this.pattern[node]! >= 0 ? node : this.output[node]!; found !== 0; found = this.output[found]!) {
        visit(this.pattern[found]!, index + 1);
      }
    }
  }

  /** Whether any pattern occurs in `text`. */
  occursIn(text: string): boolean {
    if (this.empty) return false;
    let node = 0;
    for (let index = 0; index < text.length; index++) {
      node = this.step(node, text.charCodeAt(index));
      if (this.pattern[node]! >= 0 || this.output[node] !== 0) return true;
    }
    return false;
  }

  /**
   * The longest pattern that starts at `text[start]`, as its index, or {@link noPattern}. With `pending`, gives
   * {@link pendingPattern} instead when the text from `start` to its end is a proper prefix of a longer pattern (more
   * text could still make that one). Costs at most the length of the longest pattern.
   */
  longestAt(text: string, start: number, pending = false): number {
    let node = 0;
    let longest = noPattern;
    for (let index = start; index < text.length; index++) {
      const child = this.child(node, text.charCodeAt(index));
      if (child === undefined) return longest;
      node = child;
      if (this.pattern[node]! >= 0) longest = this.pattern[node]!;
    }
    return pending && this.inner[node] === 1 ? pendingPattern : longest;
  }

  /** The length of pattern `index`. */
  lengthOf(index: number): number {
    return this.lengths[index]!;
  }

  /** Adds a pattern's path to the trie, noting each new node's parent, code unit and depth for {@link PatternAutomaton.link}. */
  private insert(pattern: string, index: number, parents: Int32Array, codes: Int32Array, depths: Int32Array): void {
    if (pattern === '') return;
    let node = 0;
    for (let at = 0; at < pattern.length; at++) {
      const code = pattern.charCodeAt(at);
      let child = this.child(node, code);
      if (child === undefined) {
        child = this.nodes++;
        parents[child] = node;
        codes[child] = code;
        depths[child] = at + 1;
        if (this.firstCode[node] === -1) {
          this.firstCode[node] = code;
          this.firstChild[node] = child;
        } else {
          const more = this.moreChildren.get(node);
          if (more === undefined) this.moreChildren.set(node, new Map([[code, child]]));
          else more.set(code, child);
        }
        this.inner[node] = 1;
      }
      node = child;
    }
    if (this.pattern[node]! < 0) this.pattern[node] = index;
  }

  /** Failure and output links, shallower nodes first (a node's links use those of shorter strings). */
  private link(parents: Int32Array, codes: Int32Array, depths: Int32Array): void {
    // The nodes in order of depth (a counting sort), then each linked from its parent's failure node.
    let deepest = 0;
    for (let node = 1; node < this.nodes; node++) deepest = Math.max(deepest, depths[node]!);
    const starts = new Int32Array(deepest + 2);
    for (let node = 1; node < this.nodes; node++) starts[depths[node]! + 1]!++;
    for (let depth = 1; depth < starts.length; depth++) starts[depth]! += starts[depth - 1]!;
    const byDepth = new Int32Array(this.nodes);
    for (let node = 1; node < this.nodes; node++) byDepth[starts[depths[node]!]!++] = node;
    for (let index = 0; index < this.nodes - 1; index++) {
      const node = byDepth[index]!;
      if (depths[node] === 1) continue;
      const fail = this.step(this.fail[parents[node]!]!, codes[node]!);
      this.fail[node] = fail;
      this.output[node] = this.pattern[fail]! >= 0 ? fail : this.output[fail]!;
    }
  }

  /** The child of `node` along `code`, if any. */
  private child(node: number, code: number): number | undefined {
    if (this.firstCode[node] === code) return this.firstChild[node];
    return this.inner[node] === 0 ? undefined : this.moreChildren.get(node)?.get(code);
  }

  /** The node after reading `code` at `node`: its child, else down the failure chain. */
  private step(node: number, code: number): number {
    for (;;) {
      const child = this.child(node, code);
      if (child !== undefined) return child;
      if (node === 0) return 0;
      node = this.fail[node]!;
    }
  }
}
