import { unwatchFile, watchFile } from 'node:fs';
/**
 * Calls `onChange` once after any of `files` changed (content time, size or inode: an edit or a file renamed into
 * place, as certificate tools do), checking every `intervalMs`; changes within one check are one call. The checks
 * keep no process alive.
 */
export function watchListenerFiles(files, intervalMs, onChange) {
    let scheduled;
    const listener = (current, previous) => {
        if (current.mtimeMs === previous.mtimeMs && current.size === previous.size && current.ino === previous.ino)
            return;
        scheduled ??= setTimeout(() => {
            scheduled = undefined;
            onChange();
        }, Math.min(intervalMs, 250));
    };
    for (const file of files)
        watchFile(file, { interval: intervalMs, persistent: false }, listener);
    return {
        stop() {
            clearTimeout(scheduled);
            for (const file of files)
                unwatchFile(file, listener);
        },
    };
}
//# sourceMappingURL=watch-listener-files.js.map