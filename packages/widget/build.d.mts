export declare const WIDGET_FILE: string;
export declare const BUILD_OPTIONS: import('esbuild').BuildOptions;
export declare function buildWidget(options?: { write?: boolean }): Promise<string | undefined>;
export declare const WIDGET_VOICE_FILE: string;
export declare function buildWidgetVoice(options?: { write?: boolean }): Promise<string | undefined>;
