//! Checks of option values that clap's types cannot say alone.

/// The most browsers a run may start at once: each takes 0.4–0.5 GB and a share of a core;
/// beyond this a typo (`--concurrency 100000`) would start a fork bomb of browsers.
pub const MAX_CONCURRENCY: usize = 32;

/// `--concurrency`'s value: 1 to [`MAX_CONCURRENCY`]; anything else is refused before any
/// browser starts (0 would run nothing and pass).
pub(super) fn concurrency(text: &str) -> Result<usize, String> {
    let range = format!("a number of browsers at once from 1 to {MAX_CONCURRENCY}");
    match text.trim().parse::<usize>() {
        Ok(n) if (1..=MAX_CONCURRENCY).contains(&n) => Ok(n),
        Ok(n) => Err(format!("{n} is outside the sane range: expected {range}")),
        Err(_) => Err(format!("`{text}` is not a number: expected {range}")),
    }
}
