export declare const IIFE_FILE: string;
export declare function buildTasksIife(options?: { write?: boolean }): Promise<string | undefined>;
