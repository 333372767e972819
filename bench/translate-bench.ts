// translateNsPerOp (SPEC §10 "IOTLB-hit translation in O(1)"): the cost of one translation that hits
// the IOTLB, through the impl's internal translation entry point, on a device without ATS; the
// ATC hit (device with ATS) is reported alongside. Each timed call is a batch of translations.

import { measureSideBySide, type RoundOptions } from './harness.ts';
import { HotPathProbe } from './hot-path-probe.ts';

/** Translations per timed call. */
const BATCH = 20_000;

/** What the translation benchmark measured. */
export interface TranslateResult {
  /** ns per IOTLB-hit translation (median). */
  readonly iotlbHitNs: number;
  /** ns per ATC-hit translation (median). */
  readonly atcHitNs: number;
}

/** Times IOTLB-hit and ATC-hit translations side by side. */
export async function measureTranslation(options: RoundOptions = {}): Promise<TranslateResult> {
  const iotlb = new HotPathProbe({ devices: [{ name: 'dummy-0', ats: false }] });
  const atc = new HotPathProbe({});
  const expected = iotlb.translations(1);
  if (expected < 0 || atc.translations(1) < 0) throw new Error('probe translation faulted');
  let sink = 0;
  const [iotlbTiming, atcTiming] = await measureSideBySide(
    [
      {
        name: 'translate iotlb hit',
        run: () => {
          sink += iotlb.translations(BATCH);
        },
      },
      {
        name: 'translate atc hit',
        run: () => {
          sink += atc.translations(BATCH);
        },
      },
    ],
    options,
  );
  if (!Number.isFinite(sink)) throw new Error('unreachable: translation sum');
  return { iotlbHitNs: (iotlbTiming.medianMs * 1e6) / BATCH, atcHitNs: (atcTiming.medianMs * 1e6) / BATCH };
}
