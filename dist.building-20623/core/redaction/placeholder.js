/**
 * The `redact` token for the `ordinal`-th distinct value of a kind in a request: the kind in capitals and a number
 * in brackets (`[EMAIL_1]`, `[PAYMENT_CARD_2]`, `[OPENAI_KEY_1]`). It tells the model what kind of value stood
 * there and which occurrences are the same value, and nothing of the value itself. A placeholder has one `[`,
 * at its start, so one inserted next to ordinary text can never combine with it into another placeholder.
 */
export function placeholderFor(kind, ordinal) {
    return `[${kind.toUpperCase().replaceAll('-', '_')}_${ordinal}]`;
}
//# sourceMappingURL=placeholder.js.map