export declare const IIFE_FILE: string;
export declare function buildChatIife(options?: { write?: boolean }): Promise<string | undefined>;
