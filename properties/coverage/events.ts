// The interesting events a campaign counts to show how deep it got (issue 4 "Coverage"): each name,
// and the phrase a coverage table prints for it.

/** The events every campaign counts. @public */
export const COVERAGE_EVENTS = [
  'pageRequest',
  'pageResponseSuccess',
  'pageResponseInvalid',
  'prqOverflow',
  'cowBrokenByDevice',
  'pasidReused',
  'releaseWithPending',
  'removeWithWork',
  'ringWrappedTwice',
  'ebusyFullRing',
  'eventsLost',
  'faultAfterMunmap',
  // Limits on both sides (issue 10 "Exact boundaries").
  'lenAtMaxLen',
  'lenNearMaxLen',
  'lenPageEdge',
  'highestPasid',
  'lastVaPage',
  'ringOneShortOfFull',
  'maxExact',
  // Rare states and orderings that matter only under scarcity (issue 10).
  'removeWhileOverflow',
  'overflowThenDiscard',
  'removeWithGroups',
  'exitDrainNoFrame',
  'invalidNoFrame',
  'exitChildHoldsQueue',
  'pasidReusedAfterRemoval',
  'twoDevicesRequesting',
  'faultGroupRouted',
  'faultReadStoppedAtGroup',
  'faultCookieReused',
  'faultAutoResponseReplace',
  'faultAutoResponseDetach',
  'faultAutoResponseDestroy',
  'faultAutoResponseExit',
  'faultDuplicateResponseRejected',
  // SPEC §14's modes.
  'staticShareMapped',
  'staticShareFreed',
  'staticShareOutlivesExit',
  'staticDmaOk',
  'staticFault',
  'noiommuDmaOk',
  'noiommuFault',
  // SVA inside a VM (issue 15).
  'guestFaultResolved',
  'stage2Fault',
  'dmaRefusedAfterUnmap',
  'vmmForkPinned',
  'guestPasidReused',
  'vmDestroyWithWork',
  'twoVmsWithDevices',
  'guestCowBrokenByDevice',
] as const;

/** The name of a coverage event. @public */
export type CoverageEvent = (typeof COVERAGE_EVENTS)[number];

/** How many times each event was reached. @public */
export type Coverage = Record<CoverageEvent, number>;

/** What each event means, for the printed table. @public */
export const COVERAGE_LABELS: Readonly<Record<CoverageEvent, string>> = Object.freeze({
  pageRequest: 'page request issued',
  pageResponseSuccess: 'SUCCESS answer',
  pageResponseInvalid: 'INVALID answer',
  prqOverflow: 'page-request overflow',
  cowBrokenByDevice: 'COW broken by a device fault',
  pasidReused: 'PASID reused by a second mm',
  releaseWithPending: 'release with work pending',
  removeWithWork: 'device removed with work in flight',
  ringWrappedTwice: 'ring wrapped twice',
  ebusyFullRing: 'EBUSY on a full ring',
  eventsLost: 'events lost',
  faultAfterMunmap: 'device fault after munmap',
  lenAtMaxLen: 'descriptor len == maxLen sent',
  lenNearMaxLen: 'descriptor len == maxLen ± 1 sent',
  lenPageEdge: 'descriptor len == k·pageSize ± 1 sent',
  highestPasid: 'highest PASID (2^bits − 1) bound',
  lastVaPage: 'last page of the VA space used',
  ringOneShortOfFull: 'ring with ringDepth − 1 outstanding',
  maxExact: 'recv/handleFaults/readEvents max == available',
  removeWhileOverflow: 'device removed with the overflow flag set',
  overflowThenDiscard: 'groups discarded with the overflow flag set',
  removeWithGroups: 'device removed with groups queued',
  exitDrainNoFrame: "exit drains, another's group queued, no free frame",
  invalidNoFrame: 'INVALID answer for lack of a free frame',
  exitChildHoldsQueue: 'exit while a forked child holds the queue',
  pasidReusedAfterRemoval: 'PASID reused after a device removal',
  twoDevicesRequesting: 'groups of two devices queued at once',
  faultGroupRouted: 'group routed to a fault queue',
  faultReadStoppedAtGroup: 'fault read stopped at a group boundary',
  faultCookieReused: 'fault cookie reused',
  faultAutoResponseReplace: 'auto-response on replace',
  faultAutoResponseDetach: 'auto-response on detach',
  faultAutoResponseDestroy: 'auto-response on destroy (or owner exit)',
  faultAutoResponseExit: 'auto-response on exit',
  faultDuplicateResponseRejected: 'duplicate fault response rejected',
  staticShareMapped: 'static-share region mapped',
  staticShareFreed: 'static-share region freed (release or removal)',
  staticShareOutlivesExit: "static-share region outlives its holder's exit",
  staticDmaOk: 'pasid-static DMA completed ok',
  staticFault: 'pasid-static access outside the region (event)',
  noiommuDmaOk: 'noiommu DMA completed ok',
  noiommuFault: 'noiommu address past the last frame (event)',
  guestFaultResolved: 'stage-1 fault resolved by the guest',
  stage2Fault: 'stage-2 fault (host event)',
  dmaRefusedAfterUnmap: 'DMA refused after vmUnmapRam',
  vmmForkPinned: 'VMM fork with pinned pages',
  guestPasidReused: 'guest PASID reused',
  vmDestroyWithWork: 'vmDestroy with work in flight',
  twoVmsWithDevices: 'two VMs with devices of one model',
  guestCowBrokenByDevice: 'guest COW broken by the device',
});

/** A coverage record with every count at zero. @public */
export function emptyCoverage(): Coverage {
  const c = {} as Coverage;
  for (const e of COVERAGE_EVENTS) c[e] = 0;
  return c;
}

/** Adds `from`'s counts into `into`. @public */
export function addCoverage(into: Coverage, from: Coverage): void {
  for (const e of COVERAGE_EVENTS) into[e] += from[e];
}

/** The coverage table: one line per event, the count right-aligned, unreached ones marked. @public */
export function formatCoverage(c: Coverage): string {
  const width = Math.max(...COVERAGE_EVENTS.map((e) => COVERAGE_LABELS[e].length));
  return COVERAGE_EVENTS.map(
    (e) => `  ${COVERAGE_LABELS[e].padEnd(width)}  ${String(c[e]).padStart(8)}${c[e] === 0 ? '  (not reached)' : ''}`,
  ).join('\n');
}
