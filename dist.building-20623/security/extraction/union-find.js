export function createUnionFind() {
    const parent = new Map();
    const memberLists = new Map();
    function find(id) {
        let current = id;
        for (let next = parent.get(current); next !== undefined && next !== current; next = parent.get(current)) {
            const grand = parent.get(next);
            if (grand !== undefined && grand !== next)
                parent.set(current, grand);
            current = next;
        }
        return current;
    }
    return {
        find,
        union(a, b) {
            const rootA = find(a);
            const rootB = find(b);
            if (rootA === rootB)
                return rootA;
            const membersA = memberLists.get(rootA) ?? [rootA];
            const membersB = memberLists.get(rootB) ?? [rootB];
            const [large, small, largeMembers, smallMembers] = membersA.length >= membersB.length ? [rootA, rootB, membersA, membersB] : [rootB, rootA, membersB, membersA];
            parent.set(small, large);
            if (!parent.has(large))
                parent.set(large, large);
            for (const member of smallMembers)
                largeMembers.push(member);
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
//# sourceMappingURL=union-find.js.map