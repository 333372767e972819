// The one error type of the public API: an errno string in `code`, Node's `err.code` convention.

/** Every errno the interface can raise (SPEC §3). @public */
export type Errno =
  | 'ESRCH'
  | 'EBADF'
  | 'EINVAL'
  | 'EFAULT'
  | 'ENOMEM'
  | 'EEXIST'
  | 'ENODEV'
  | 'ENXIO'
  | 'EBUSY'
  | 'EAGAIN'
  | 'ENOSPC'
  | 'EOVERFLOW'
  | 'ENOENT'
  | 'EOPNOTSUPP';

/** All errno values, in SPEC §3 table order, then §11's new ones. @public */
export const ERRNOS: readonly Errno[] = [
  'ESRCH',
  'EBADF',
  'EINVAL',
  'EFAULT',
  'ENOMEM',
  'EEXIST',
  'ENODEV',
  'ENXIO',
  'EBUSY',
  'EAGAIN',
  'ENOSPC',
  'EOVERFLOW',
  'ENOENT',
  'EOPNOTSUPP',
];

/**
 * Thrown by every `SvaSystem` operation that fails. An operation that throws changes nothing
 * (except where SPEC says otherwise: `open` keeps a freshly allocated PASID).
 * @public
 */
export class WarpDriveError extends Error {
  /** The errno, e.g. `'EFAULT'`. */
  readonly code: Errno;

  constructor(code: Errno, message?: string) {
    super(message === undefined ? code : `${code}: ${message}`);
    this.name = 'WarpDriveError';
    this.code = code;
  }
}

/** Whether `e` is a `WarpDriveError` (optionally with the given errno). @public */
export function isWarpDriveError(e: unknown, code?: Errno): e is WarpDriveError {
  return e instanceof WarpDriveError && (code === undefined || e.code === code);
}
