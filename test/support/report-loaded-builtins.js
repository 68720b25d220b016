// Preloaded (node -r) by test/engine/lazy-loading.test.ts: prints, as the process exits, node's list of the built-in modules it loaded.
process.on('exit', () => process.stderr.write('\nBUILTINS ' + JSON.stringify(process.moduleLoadList.filter((name) => name.startsWith('NativeModule ')))));
