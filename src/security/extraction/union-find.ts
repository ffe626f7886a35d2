/**
 * Disjoint sets over arbitrary ids (union by size, path halving): near-constant time per operation, and each set's
 * members listed without a scan (smaller member lists are merged into larger ones).
 */
export interface UnionFind<Id> {
  /** The representative of the set holding `id` (`id` itself when it was never joined). */
  find(id: Id): Id;
  /** Joins the sets of `a` and `b`; returns the representative of the joined set. */
  union(a: Id, b: Id): Id;
  /** The members of the set holding `id` (`[id]` alone when it was never joined). */
  members(id: Id): readonly Id[];
  /** The number of sets with at least two members. */
  readonly groups: number;
  clear(): void;
}

export function createUnionFind<Id>(): UnionFind<Id> {
  const parent = new Map<Id, Id>();
  const memberLists = new Map<Id, Id[]>();

  function find(id: Id): Id {
    let current = id;
    for (let next = parent.get(current); next !== undefined && next !== current; next = parent.get(current)) {
      const grand = parent.get(next);
      if (grand !== undefined && grand !== next) parent.set(current, grand);
      current = next;
    }
    return current;
  }

  return {
    find,
    union(a, b) {
      const rootA = find(a);
      const rootB = find(b);
      if (rootA === rootB) return rootA;
      const membersA = memberLists.get(rootA) ?? [rootA];
      const membersB = memberLists.get(rootB) ?? [rootB];
      const [large, small, largeMembers, smallMembers] =
        membersA.length >= membersB.length ? [rootA, rootB, membersA, membersB] : [rootB, rootA, membersB, membersA];
      parent.set(small, large);
      if (!parent.has(large)) parent.set(large, large);
      for (const member of smallMembers) largeMembers.push(member);
      memberLists.set(large, largeMembers);
      memberLists.delete(small);
      return large;
    },
    members(id) {
      return memberLists.get(find(id)) ?? [id];
    },
    get groups() {
      return memberLists.size;
    },
    clear() {
      parent.clear();
      memberLists.clear();
    },
  };
}
