// The one way tests and benches start a browser: Debian's Chromium (never a download),
// headless, without the background services this machine's closed network refuses.
export const CHROMIUM = {
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

/** `chromium` is playwright-core's. */
export const launchChromium = (chromium, extraArgs = []) =>
  chromium.launch({ executablePath: CHROMIUM.executablePath, args: [...CHROMIUM.args, ...extraArgs] });
