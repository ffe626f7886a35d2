/**
 * The entries of one semantic scope in parallel arrays (keys, signatures, vectors, expiry), so a scan touches
 * two integers per entry and nothing else until a signature is close. Removal swaps the last entry into the gap.
 */
export class ScopeEntries {
    keys = [];
    vectors = [];
    signatures = new Uint32Array(16);
    expiries = new Float64Array(8);
    positions = new Map();
    get size() {
        return this.keys.length;
    }
    add(key, vector, signature, expiresAt) {
        this.delete(key);
        const position = this.keys.length;
        if (position === this.expiries.length)
            this.grow();
        this.keys.push(key);
        this.vectors.push(vector);
        this.signatures[2 * position] = signature[0];
        this.signatures[2 * position + 1] = signature[1];
        this.expiries[position] = expiresAt;
        this.positions.set(key, position);
    }
    delete(key) {
        const position = this.positions.get(key);
        if (position === undefined)
            return false;
        const last = this.keys.length - 1;
        if (position !== last) {
            const moved = this.keys[last];
            this.keys[position] = moved;
            this.vectors[position] = this.vectors[last];
            this.signatures[2 * position] = this.signatures[2 * last];
            this.signatures[2 * position + 1] = this.signatures[2 * last + 1];
            this.expiries[position] = this.expiries[last];
            this.positions.set(moved, position);
        }
        this.keys.pop();
        this.vectors.pop();
        this.positions.delete(key);
        return true;
    }
    grow() {
        const signatures = new Uint32Array(this.signatures.length * 2);
        signatures.set(this.signatures);
        this.signatures = signatures;
        const expiries = new Float64Array(this.expiries.length * 2);
        expiries.set(this.expiries);
        this.expiries = expiries;
    }
}
//# sourceMappingURL=scope-entries.js.map