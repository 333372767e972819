// I1-I3 over the impl inspection hook (filled in by the impl work).
export {};
