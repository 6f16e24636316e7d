export declare const IIFE_FILE: string;
export declare function buildStreamsIife(options?: { write?: boolean }): Promise<string | undefined>;
