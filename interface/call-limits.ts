// Limits on the size of one call's arguments that this project chooses where SPEC names none
// (§S-1 "size limits", §S-9): they bound the work a single call may do before it answers, so a
// huge (or fake, e.g. a Proxy) array or length is an EINVAL in O(1), never a hang or a RangeError.

/**
 * Per-call argument limits, the same on the model and the impl.
 * - `maxSendDescriptors`: the longest descriptor list `send` accepts, the most any ring can ever
 *   hold (`CONFIG_LIMITS.maxRingDepth − 1`); a longer list is EINVAL (as `writev` with more than
 *   `IOV_MAX` vectors), so `send` inspects at most this many entries.
 * - `maxIoBytes`: the most bytes one CPU `read` returns or one `write` takes (`CONFIG_LIMITS.maxFrameBytes`,
 *   the most memory a system can have); a longer access is EINVAL.
 * @public
 */
export const CALL_LIMITS = Object.freeze({
  maxSendDescriptors: 65535,
  maxIoBytes: 2 ** 30,
});
