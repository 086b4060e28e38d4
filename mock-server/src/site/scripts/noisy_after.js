// Profile `noisy` (spec I4): another script fails after the widget script, at once and a
// moment later.
setTimeout(function () { throw new Error('[host-noise] a timer of the page failed after the widget'); }, 50);
throw new Error('[host-noise] a script of the page failed after the widget');
