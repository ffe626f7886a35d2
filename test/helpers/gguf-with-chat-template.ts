import { readFileSync, writeFileSync } from 'node:fs';

/**
 * Writes a copy of a GGUF file (version 2 or 3) with one more metadata entry, `tokenizer.chat_template`, so the
 * in-process adapter's chat-template path can be tested on the real tiny model (which has none). Parses the
 * header, the metadata and the tensor infos, and re-aligns the tensor data (offsets are relative to it).
 * @see https://github.com/ggml-org/ggml/blob/master/docs/gguf.md
 */
export function writeGgufWithChatTemplate(source: string, target: string, template: string): void {
  const file = readFileSync(source);
  if (file.toString('latin1', 0, 4) !== 'GGUF') throw new Error(`${source} is not a GGUF file`);
  let offset = 4;
  const version = file.readUInt32LE(offset);
  if (version < 2) throw new Error(`GGUF version ${version} is not supported here`);
  offset += 4;
  const tensorCount = file.readBigUInt64LE(offset);
  offset += 8;
  const kvCount = file.readBigUInt64LE(offset);
  offset += 8;
  const kvStart = offset;
  let alignment = 32;
  const readString = () => {
    const length = Number(file.readBigUInt64LE(offset));
    const text = file.toString('utf8', offset + 8, offset + 8 + length);
    offset += 8 + length;
    return text;
  };
  const scalarSizes: Record<number, number> = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8 };
  const skipValue = (type: number): void => {
    if (type === 8) {
      readString();
    } else if (type === 9) {
      const itemType = file.readUInt32LE(offset);
      const count = Number(file.readBigUInt64LE(offset + 4));
      offset += 12;
      for (let index = 0; index < count; index++) skipValue(itemType);
    } else {
      const size = scalarSizes[type];
      if (size === undefined) throw new Error(`unknown GGUF value type ${type}`);
      offset += size;
    }
  };
  for (let index = 0n; index < kvCount; index++) {
    const key = readString();
    const type = file.readUInt32LE(offset);
    offset += 4;
    if (key === 'general.alignment' && type === 4) alignment = file.readUInt32LE(offset);
    if (key === 'tokenizer.chat_template') throw new Error(`${source} already has a chat template`);
    skipValue(type);
  }
  const kvEnd = offset;
  for (let index = 0n; index < tensorCount; index++) {
    readString();
    const dimensions = file.readUInt32LE(offset);
    offset += 4 + 8 * dimensions + 4 + 8;
  }
  const infosEnd = offset;
  const dataStart = Math.ceil(infosEnd / alignment) * alignment;

  const key = Buffer.from('tokenizer.chat_template', 'utf8');
  const value = Buffer.from(template, 'utf8');
  const entry = Buffer.alloc(8 + key.length + 4 + 8 + value.length);
  let at = entry.writeBigUInt64LE(BigInt(key.length), 0);
  at += key.copy(entry, at);
  at = entry.writeUInt32LE(8, at);
  at = entry.writeBigUInt64LE(BigInt(value.length), at);
  value.copy(entry, at);

  const header = Buffer.from(file.subarray(0, kvStart));
  header.writeBigUInt64LE(kvCount + 1n, 16);
  const head = Buffer.concat([header, file.subarray(kvStart, kvEnd), entry, file.subarray(kvEnd, infosEnd)]);
  const padding = Buffer.alloc((alignment - (head.length % alignment)) % alignment);
  writeFileSync(target, Buffer.concat([head, padding, file.subarray(dataStart)]));
}
