// S1-S7 over SystemSnapshot (filled in by the model work).
export {};
