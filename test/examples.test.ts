import path from 'node:path';
import { ROOT } from './support/fixtures';

/**
 * The example user transforms, tested as a user tests theirs: with the harness of the built
 * package (`dtsx-codemod/testing`), loaded as the CLI loads them (they require `dtsx-codemod`).
 */
const { TransformTester } = require(path.join(ROOT, 'dist/src/testing')) as typeof import('../src/testing');

for (const example of ['rename-executable', 'set-property']) {
  const folder = path.join(ROOT, 'examples', 'transforms');
  TransformTester.run(require(path.join(folder, `${example}.js`)), path.join(folder, example));
}
