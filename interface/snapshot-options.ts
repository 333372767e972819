// Validation of `snapshot(options)` (§S-11), shared by the model and the impl: options are absent
// or a plain object whose only field is `contents`, a boolean; anything else is EINVAL, and the
// caller's object is read once without running its code (interface/caller-values.ts).

import { readPlainFields } from './caller-values.ts';
import { WarpDriveError } from './errors.ts';
import { formatArgument } from './format-argument.ts';

/**
 * Whether the snapshot should include page contents; throws `WarpDriveError('EINVAL')` for
 * options that are not `undefined` or `{ contents?: boolean }`.
 * @public
 */
export function snapshotWantsContents(options: unknown): boolean {
  if (options === undefined) return false;
  const read = readPlainFields(options, ['contents']);
  if (!read.ok) throw new WarpDriveError('EINVAL', `snapshot options ${read.problem}`);
  const contents = read.fields.contents;
  if (contents !== undefined && typeof contents !== 'boolean') {
    throw new WarpDriveError('EINVAL', `snapshot option contents must be a boolean, got ${formatArgument(contents)}`);
  }
  return contents === true;
}
