export declare const IIFE_FILE: string;
export declare function buildVoiceIife(options?: { write?: boolean }): Promise<string | undefined>;
