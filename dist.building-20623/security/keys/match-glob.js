/**
 * Matches a model name against a glob pattern where `*` stands for any run of characters (including none) and
 * every other character for itself. Linear-time greedy matching with one backtrack point, no regular expressions
 * (a pattern from an admin cannot cause catastrophic backtracking).
 */
export function matchGlob(pattern, text) {
    let patternIndex = 0;
    let textIndex = 0;
    let starIndex = -1;
    let resumeIndex = 0;
    while (textIndex < text.length) {
        if (patternIndex < pattern.length && pattern[patternIndex] !== '*' && pattern[patternIndex] === text[textIndex]) {
            patternIndex++;
            textIndex++;
        }
        else if (patternIndex < pattern.length && pattern[patternIndex] === '*') {
            starIndex = patternIndex++;
            resumeIndex = textIndex;
        }
        else if (starIndex !== -1) {
            patternIndex = starIndex + 1;
            textIndex = ++resumeIndex;
        }
        else {
            return false;
        }
    }
    while (patternIndex < pattern.length && pattern[patternIndex] === '*')
        patternIndex++;
    return patternIndex === pattern.length;
}
//# sourceMappingURL=match-glob.js.map