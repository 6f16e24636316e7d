import type { Browser, BrowserType } from 'playwright-core';

export declare const CHROMIUM: { readonly executablePath: string; readonly args: readonly string[] };
export declare function launchChromium(chromium: BrowserType, extraArgs?: readonly string[]): Promise<Browser>;
