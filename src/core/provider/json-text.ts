/** A JSON body already serialised (the client's own bytes on the pass-through path): sent as is, not serialised again. */
export class JsonText {
  constructor(readonly text: string) {}
}
