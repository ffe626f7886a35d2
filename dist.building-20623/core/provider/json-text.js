/** A JSON body already serialised (the client's own bytes on the pass-through path): sent as is, not serialised again. */
export class JsonText {
    text;
    constructor(text) {
        this.text = text;
    }
}
//# sourceMappingURL=json-text.js.map