// Profile `noisy` (spec I4): another script of the page fails before the widget loads, with
// an uncaught error and an unhandled rejection. Its errors say `[host-noise]`, so they are
// never charged to the widget.
Promise.reject(new Error('[host-noise] a promise of the page was rejected before the widget'));
throw new Error('[host-noise] a script of the page failed before the widget');
