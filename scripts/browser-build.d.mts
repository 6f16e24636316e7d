export declare const BROWSER_BUILD_OPTIONS: Record<string, unknown>;
export declare function buildBrowserFile(options: {
  entry: string;
  outfile: string;
  write?: boolean;
}): Promise<string | undefined>;
